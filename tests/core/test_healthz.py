from django.test import Client


def test_the_health_check_answers_ok_without_a_login(db) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
