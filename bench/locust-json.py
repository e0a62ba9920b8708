# One Locust process against GET /json: FastHttpUser (Locust's fastest client), no wait time.
from locust import FastHttpUser, task, constant


class JsonUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def json(self):
        self.client.get("/json")
