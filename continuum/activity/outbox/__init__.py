"""The notification outbox: every outgoing message is a row written in the transaction of the
change that caused it, and a django-tasks worker delivers it with retries and backoff.

Other apps call `continuum.activity.outbox.services.message_enqueue` and nothing else.
"""
