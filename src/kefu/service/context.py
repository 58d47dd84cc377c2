"""Template context: the unread-notification count for the bell in the top bar."""

from kefu.service.selectors import notification_unread_count


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_count": notification_unread_count(user)}
