# One Locust process against GET /json, no wait time. LOCUST_USER_CLASS picks the client:
# FastHttpUser (geventhttpclient, Locust's fastest) or HttpUser (python-requests, Locust's default).
import os

from locust import FastHttpUser, HttpUser, constant, task

base = FastHttpUser if os.environ.get("LOCUST_USER_CLASS", "FastHttpUser") == "FastHttpUser" else HttpUser


class JsonUser(base):
    wait_time = constant(0)

    @task
    def json(self):
        self.client.get("/json")
