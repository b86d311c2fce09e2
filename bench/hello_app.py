"""A bare Flask hello-world, served by gunicorn beside the app as the benchmark's yardstick."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    return "Hello, World!"
