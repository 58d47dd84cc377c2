from kefu.service import urls_complaints, urls_desk, urls_setup, urls_tickets, urls_visits

app_name = "service"
urlpatterns = (
    urls_tickets.urlpatterns
    + urls_desk.urlpatterns
    + urls_setup.urlpatterns
    + urls_visits.urlpatterns
)
urlpatterns += urls_complaints.urlpatterns
