"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, start
on a free loopback port, drop it all at the end. Runs the server as the ``postgres``
account when the tests run as root (PostgreSQL refuses to run as root).

Set INVDESK_TEST_PG to a server URL (postgresql://user@host:port/) to use an existing one.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time


def _bindir() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[-3]))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return os.path.dirname(initdb)
    raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed; "
                       "install postgresql (see .ci/run).")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        self.bindir = _bindir()
        self.root = tempfile.mkdtemp(prefix="invdesk-pg-")
        self.data = os.path.join(self.root, "data")
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, cwd=self.root)

    def start(self) -> str:
        self._run(f"{self.bindir}/initdb", "-D", self.data, "-A", "trust", "-U", "invdesk",
                  "-E", "UTF8", "--locale", "C")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=200")
        self._run(f"{self.bindir}/pg_ctl", "-D", self.data, "-o", options, "-w", "-t", "60",
                  "-l", os.path.join(self.root, "log"), "start")
        return f"postgresql://invdesk@127.0.0.1:{self.port}/"

    def stop(self) -> None:
        try:
            self._run(f"{self.bindir}/pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)

    def restart(self, pause: float = 0.0) -> None:
        """Stop the server (connections drop) and start it again after ``pause`` seconds."""
        self._run(f"{self.bindir}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        time.sleep(pause)
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c max_connections=200")
        self._run(f"{self.bindir}/pg_ctl", "-D", self.data, "-o", options, "-w", "-t", "60",
                  "-l", os.path.join(self.root, "log"), "start")


def create_database(server_url: str, name: str) -> str:
    import psycopg2

    conn = psycopg2.connect(server_url + "postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return server_url + name
