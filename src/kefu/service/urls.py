from kefu.service import urls_desk, urls_setup, urls_tickets

app_name = "service"
urlpatterns = urls_tickets.urlpatterns + urls_desk.urlpatterns + urls_setup.urlpatterns
