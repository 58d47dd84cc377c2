"""The users of the mixed load test, for locust: agents, dispatchers and outlet staff.

Run by `bench/load.py` in a locust process of its own (gevent must not patch the bench's
Django process). Nothing here imports Django: what the users need comes from the plan file
that `bench/load_plan.py` writes (env KEFU_LOAD_PLAN): a logged-in session per user, caller phones
and customers of each branch. Every response time goes to the file named by KEFU_LOAD_OUT when
locust quits, so the bench computes its percentiles from every request, per class and overall.

There is no customer portal yet: nothing a customer can reach today, so no portal user class.
"""

import http.cookiejar
import itertools
import json
import os
import random
import re
import time

from locust import FastHttpUser, between, events, task

PLAN = json.loads(open(os.environ["KEFU_LOAD_PLAN"], encoding="utf-8").read())
TICKET_LINK = re.compile(rb'href="/service/tickets/(\d+)/"')
# Every request: (class, name, milliseconds, failed); the first failures with their reason.
SAMPLES: list[tuple[str, str, float, bool]] = []
FAILURES: list[str] = []
WINDOW = {"start": None, "stop": None}
_next = {role: itertools.count() for role in PLAN["sessions"]}


@events.request.add_listener
def _record(request_type, name, response_time, exception, context, **_kwargs):
    SAMPLES.append((context.get("role", "?"), name, response_time, exception is not None))
    if exception is not None and len(FAILURES) < 20:
        FAILURES.append(f"{name}: {exception!s:.200}")


@events.test_start.add_listener
def _started(**_kwargs):
    WINDOW["start"] = time.time()


@events.test_stop.add_listener
def _stopped(**_kwargs):
    WINDOW["stop"] = time.time()


@events.quitting.add_listener
def _write(**_kwargs):
    out = {"window": WINDOW, "samples": SAMPLES, "first_failures": FAILURES}
    with open(os.environ["KEFU_LOAD_OUT"], "w", encoding="utf-8") as f:
        json.dump(out, f)


def _cookie(name: str, value: str) -> http.cookiejar.Cookie:
    host = PLAN["host"]
    return http.cookiejar.Cookie(
        0, name, value, None, False, host, False, False, "/", True, False, None, False, None,
        None, {},
    )  # fmt: skip


THINK = tuple(float(s) for s in os.environ.get("KEFU_LOAD_THINK", "5,15").split(","))


class StaffUser(FastHttpUser):
    """A logged-in member of staff: one session of the plan, a CSRF secret, think time."""

    abstract = True
    role = ""
    # An agent on a call reads the 360, listens and types between clicks: one page every 5–15 s
    # is a busy agent (a 200-seat centre at peak makes about 20 pages a second). Override with
    # KEFU_LOAD_THINK="min,max" to probe other rhythms.
    wait_time = between(*THINK)

    def on_start(self):
        sessions = PLAN["sessions"][self.role]
        session = sessions[next(_next[self.role]) % len(sessions)]
        self.branch = session["branch"]
        self.csrf = session["csrf"]
        self.client.cookiejar.set_cookie(_cookie(PLAN["session_cookie"], session["session"]))
        self.client.cookiejar.set_cookie(_cookie(PLAN["csrf_cookie"], self.csrf))
        self.tickets: list[str] = []
        # Staff already at work are each somewhere in their rhythm: the first click comes after
        # a random part of one think time, not all 200 in the same second of the ramp-up.
        time.sleep(random.uniform(0, THINK[1]))

    def context(self):
        return {"role": self.role}

    def get(self, path: str, name: str, **kwargs):
        with self.client.get(path, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response

    def post(self, path: str, name: str, data: dict, **kwargs):
        headers = {"X-CSRFToken": self.csrf, **kwargs.pop("headers", {})}
        with self.client.post(
            path, name=name, data=data, headers=headers, catch_response=True, **kwargs
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]!r}")
            return response

    def remember(self, response) -> None:
        """Keep the ticket ids a list showed: the next detail opens one of them."""
        found = TICKET_LINK.findall(response.content or b"")
        if found:
            self.tickets = [pk.decode() for pk in found[:20]]

    def a_ticket(self) -> str | None:
        """A ticket of the last list seen; the first time, the list is opened for it."""
        if not self.tickets:
            self.ticket_list()
        return random.choice(self.tickets) if self.tickets else None

    def ticket_list(self) -> None:
        raise NotImplementedError

    def open_ticket(self, label: str) -> None:
        pk = self.a_ticket()
        if pk is not None:
            self.get(f"/service/tickets/{pk}/", f"{label}: ticket detail")


class Agent(StaffUser):
    """An agent of a branch: caller look-ups, own and queue lists, tickets, repairs, notes."""

    weight = 60
    role = "agent"

    @task(4)
    def desk_lookup(self):
        phone = random.choice(PLAN["phones"][self.branch])
        self.get(f"/service/desk/?phone={phone}", "agent: desk look-up by phone → 360")

    @task(3)
    def ticket_list(self):
        view = random.choice(("mine", "queues"))
        response = self.get(f"/service/tickets/?view={view}", f"agent: ticket list {view}")
        self.remember(response)

    @task(3)
    def ticket_detail(self):
        self.open_ticket("agent")

    @task(1)
    def register_repair(self):
        customer = random.choice(PLAN["customers"][self.branch])
        data = {
            "customer_id": customer,
            "channel": "phone_in",
            "direction": "in",
            "duration": f"{random.randint(1, 9)}:{random.randint(10, 59)}",
            "ticket_type": "repair",
            "priority": "2",
            "subject": "冰箱不制冷",
            "fault_description": "冷藏室不制冷，压缩机不启动",
            "summary": "客户来电反映冰箱不制冷，希望尽快上门。",
        }
        self.post(
            "/service/desk/register/",
            "agent: register a repair (desk form)",
            data,
            headers={"HX-Request": "true"},
        )

    @task(1)
    def add_note(self):
        pk = self.a_ticket()
        if pk is not None:
            body = {"body": "已电话联系客户，约定明天上午上门。", "public": "0"}
            self.post(f"/service/tickets/{pk}/reply/", "agent: add a note", body)


class Dispatcher(StaffUser):
    """A branch dispatcher: the open repair orders by state, and their details."""

    weight = 15
    role = "dispatcher"

    @task(3)
    def ticket_list(self):
        status = random.choice(("active", "new", "open", "pending"))
        path = f"/service/tickets/?ticket_type=repair&status={status}"
        response = self.get(path, "dispatcher: repair orders by state")
        self.remember(response)

    @task(2)
    def ticket_detail(self):
        self.open_ticket("dispatcher")


class Outlet(StaffUser):
    """Outlet staff: their own orders and their details."""

    weight = 20
    role = "outlet"

    @task(2)
    def ticket_list(self):
        response = self.get("/service/tickets/", "outlet: own orders")
        self.remember(response)

    @task(3)
    def ticket_detail(self):
        self.open_ticket("outlet")
