"""An e-mail backend for bench/faults.py: one message a second, each written to its own
file in ``FAULTS_MAIL_DIR``, so a worker can be killed half-way through a task and the
e-mails counted afterwards by another process."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def __init__(self, *args, **kwargs):
        kwargs["file_path"] = os.environ["FAULTS_MAIL_DIR"]
        super().__init__(*args, **kwargs)

    def send_messages(self, email_messages):
        time.sleep(1)
        return super().send_messages(email_messages)
