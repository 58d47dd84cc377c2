"""The processes of a small Kefu cluster on loopback: PostgreSQL, Redis, app servers, consumers.

PostgreSQL is a private cluster (initdb in a temporary folder, run as the `postgres` OS user) so
that the fault scenarios may restart it; where that is impossible the shared server on 5432 is
used with a database of our own, and a "restart" terminates the database's connections instead.
Redis is always private (it is stopped on purpose). Everything is stopped in `close()`.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT, REDIS_PORT, APP_PORTS = 5441, 6390, (8701, 8702)
DB_NAME = "kefu_multinode"
SECRET = "multinode-secret-key-not-for-production-0123456789"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def wait_for(what: str, check, timeout: float, every: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except Exception:  # the service is not up yet: any error means "not yet"
            result = None
        if result:
            return result
        time.sleep(every)
    raise TimeoutError(f"{what}: not ready after {timeout:.0f} s")


class Cluster:
    def __init__(self, *, lease: int, resend: int):
        self.work = Path(tempfile.mkdtemp(prefix="kefu-multinode-"))
        self.work.chmod(0o755)  # the postgres user must reach its data folder
        self.home = self.work / "home"
        self.home.mkdir()
        self.procs: dict[str, subprocess.Popen] = {}
        self.private_pg = False
        self.lease, self.resend = lease, resend

    # --- PostgreSQL -------------------------------------------------------------------------
    def _as_postgres(self, *args: str, check=True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *args],
            check=check,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def start_postgres(self) -> None:
        self.pg_data = self.work / "pg"
        try:
            self.pg_data.mkdir()
            shutil.chown(self.pg_data, "postgres", "postgres")
            self._as_postgres(
                str(PG_BIN / "initdb"), "-D", str(self.pg_data), "-U", "postgres",
                "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
            )  # fmt: skip
            self._pg_ctl("start")
            self.private_pg = True
            self.pg_port = PG_PORT
        except (OSError, LookupError, subprocess.SubprocessError) as exc:
            log(f"private PostgreSQL unavailable ({exc}); using the shared one on 5432")
            self.pg_port = 5432
        self.admin_url = f"postgresql://postgres@127.0.0.1:{self.pg_port}/postgres"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DB_NAME}")
        self.db_url = f"postgres://postgres@127.0.0.1:{self.pg_port}/{DB_NAME}"
        log(f"PostgreSQL ready on {self.pg_port} ({'private' if self.private_pg else 'shared'})")

    def _pg_ctl(self, action: str) -> None:
        options = f"-p {PG_PORT} -k {self.pg_data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-l", str(self.pg_data / "log"),
            "-o", options, "-m", "fast", "-w", "-t", "30", action,
        )  # fmt: skip

    def restart_postgres(self) -> str:
        """A real restart of the private cluster; else every connection of our database cut."""
        if self.private_pg:
            self._pg_ctl("restart")
            return "pg_ctl restart (private cluster)"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (DB_NAME,),
            )
        return "pg_terminate_backend of every connection (shared server)"

    def sql(self, query: str, params=()) -> list[tuple]:
        with psycopg.connect(self.db_url.replace("postgres://", "postgresql://")) as conn:
            return conn.execute(query, params).fetchall()

    # --- Redis ------------------------------------------------------------------------------
    def start_redis(self) -> None:
        self._spawn(
            "redis",
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.work)],
        )  # fmt: skip
        wait_for("redis", lambda: self._redis_ping(), 10)

    def _redis_ping(self) -> bool:
        import redis

        return redis.Redis(port=REDIS_PORT, socket_connect_timeout=0.5).ping()

    def stop_redis(self) -> None:
        self.stop("redis")

    # --- Kefu -------------------------------------------------------------------------------
    def env(self) -> dict:
        return {
            **os.environ,
            "KEFU_HOME": str(self.home),
            "KEFU_DATABASE_URL": self.db_url,
            "KEFU_REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "KEFU_SECRET_KEY": SECRET,
            "KEFU_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "KEFU_DB_POOL_SIZE": "4",
            "KEFU_WORKERS": "4",
            "KEFU_JOB_LEASE_SECONDS": str(self.lease),
            "KEFU_JOB_RESEND_SECONDS": str(self.resend),
            "KEFU_LOG_LEVEL": "WARNING",
            "KEFU_LANGUAGE": "en",
            "KEFU_SECURE_COOKIES": "off",  # plain http on loopback
            "PYTHONUNBUFFERED": "1",
        }

    def kefu(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [str(BIN / "kefu"), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
        if done.returncode:
            raise RuntimeError(f"kefu {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start_servers(self) -> None:
        import requests

        for n, port in enumerate(APP_PORTS, 1):
            self._spawn(
                f"app{n}",
                [str(BIN / "uvicorn"), "kefu.asgi:application", "--host", "127.0.0.1",
                 "--port", str(port), "--log-level", "warning"],
            )  # fmt: skip
        for port in APP_PORTS:
            url = f"http://127.0.0.1:{port}/login/"
            wait_for(f"server :{port}", lambda u=url: requests.get(u, timeout=2).ok, 60)
        log(f"app servers ready on {APP_PORTS}")

    def start_consumer(self, name: str) -> None:
        self._spawn(name, [str(BIN / "kefu"), "run_huey"])

    def consumer_pid(self, name: str) -> int:
        return self.procs[name].pid

    def kill9(self, name: str) -> None:
        proc = self.procs.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    # --- processes ----------------------------------------------------------------------------
    def _spawn(self, name: str, argv: list[str]) -> None:
        out = open(self.work / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(
            argv, env=self.env(), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def close(self, *, keep_logs: bool) -> None:
        for name in list(self.procs):
            self.stop(name)
        if self.private_pg:
            try:
                self._as_postgres(
                    str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-m", "immediate", "stop",
                    check=False,
                )  # fmt: skip
            except subprocess.SubprocessError:
                pass
        elif getattr(self, "db_url", None):
            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        if keep_logs:
            log(f"logs kept in {self.work}")
        else:
            shutil.rmtree(self.work, ignore_errors=True)
