"""The e-mail outbox: messages written in the request's transaction, sent by a job after commit."""


def queue_email(*, to: str, template: str, language: str, context: dict, council_id: int | None = None):
    raise NotImplementedError
