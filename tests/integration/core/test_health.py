"""/healthz reports the database and Redis, and the site keeps serving when Redis is down."""


def test_healthz_is_ok_when_everything_runs(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "redis": "ok"}


def test_healthz_names_redis_when_it_is_stopped_and_pages_still_work(client, redis_server, demo):
    redis_server.stop()
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.get_json() == {"database": "ok", "redis": "error"}
        assert client.get("/kainuu/").status_code == 200
    finally:
        redis_server.start()
    assert client.get("/healthz").status_code == 200
