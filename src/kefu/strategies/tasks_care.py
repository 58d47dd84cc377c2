"""Jobs of customer care: the daily reminders run and the e-mail greetings (thin wrappers)."""

from huey import crontab

from kefu.core.job_runner import job, periodic_job
from kefu.strategies.services_care import care_reminders_generate
from kefu.strategies.services_care_campaigns import campaign_send_emails, campaigns_send_due

LOOKAHEAD_DAYS = 14
BIRTHDAY_LOOKAHEAD_DAYS = 7


# Every morning (Beijing 06:30 = 22:30 UTC): the unique keys make a second run a no-op.
@periodic_job(crontab(hour="22", minute="30"))
def generate_care_reminders_task(
    lookahead: int = LOOKAHEAD_DAYS, birthday_lookahead: int = BIRTHDAY_LOOKAHEAD_DAYS
):
    """Maintenance reminders and birthdays due within the look-ahead, as care items."""
    return care_reminders_generate(lookahead=lookahead, birthday_lookahead=birthday_lookahead)


# Not atomic: each greeting is claimed before its mail goes, so a rerun mails nobody twice.
@periodic_job(crontab(hour="0", minute="30"), atomic=False)
def send_due_care_campaigns_task():
    """Every morning (08:30 Beijing): the e-mail greetings whose day has come."""
    return campaigns_send_due()


@job(atomic=False)
def send_care_campaign_task(*, campaign_id: int):
    return campaign_send_emails(campaign_id=campaign_id)
