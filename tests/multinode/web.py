"""HTTP against the app servers: a browser-like session (cookie + CSRF) and the API with a key."""

import re

import requests

PASSWORD = "multinode-pw-1"


def base(port: int) -> str:
    return f"http://127.0.0.1:{port}"


class Browser:
    """One user's cookies, used against whichever server the load balancer would pick."""

    def __init__(self):
        self.session = requests.Session()

    def csrf(self) -> str:
        return self.session.cookies.get("csrftoken", "")

    def login(self, port: int, username: str) -> requests.Response:
        self.session.get(f"{base(port)}/login/", timeout=10)
        return self.session.post(
            f"{base(port)}/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            timeout=10,
            allow_redirects=False,
        )

    def get(self, port: int, path: str, **kw) -> requests.Response:
        return self.session.get(f"{base(port)}{path}", timeout=kw.pop("timeout", 10), **kw)

    def post(self, port: int, path: str, data: dict, files=None) -> requests.Response:
        return self.session.post(
            f"{base(port)}{path}",
            data={**data, "csrfmiddlewaretoken": self.csrf()},
            files=files,
            headers={"X-CSRFToken": self.csrf(), "Referer": f"{base(port)}{path}"},
            timeout=30,
            allow_redirects=False,
        )


class Api:
    def __init__(self, key: str):
        self.headers = {"Authorization": f"Bearer {key}"}

    def call(self, method: str, port: int, path: str, json=None) -> requests.Response:
        return requests.request(
            method, f"{base(port)}/api/v1{path}", json=json, headers=self.headers, timeout=20
        )


def attachment_links(html: str) -> list[int]:
    return sorted({int(n) for n in re.findall(r"/service/attachments/(\d+)/", html)})
