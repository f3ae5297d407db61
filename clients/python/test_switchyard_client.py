"""The Python client against a real interface server and worker.

Started by clients/python/python-client.test.ts (part of ``npm test``), which
passes SWITCHYARD_URL and a staff user's cookie in SWITCHYARD_STAFF_COOKIE.
Run by hand: ``SWITCHYARD_URL=… SWITCHYARD_STAFF_COOKIE=sy_session=… /usr/bin/python3 -m unittest -v``.
"""

import os
import queue
import time
import unittest
import uuid

from switchyard_client import SwitchyardClient, SwitchyardError

URL = os.environ["SWITCHYARD_URL"]
STAFF_COOKIE = os.environ["SWITCHYARD_STAFF_COOKIE"]
WAIT = 10.0


def unique(label):
    return f"{label}-{uuid.uuid4().hex[:8]}"


def collector(connection, event):
    """A queue of every ``event`` the connection receives."""
    received = queue.Queue()
    connection.on(event, received.put)
    return received


class ChatTest(unittest.TestCase):
    def setUp(self):
        self.connections = []

    def tearDown(self):
        for connection in self.connections:
            connection.close()

    def join(self, room, name):
        connection = SwitchyardClient(URL).connect("/chat")
        self.connections.append(connection)
        joined = connection.request("room.join", {"room": room, "displayName": name})
        return connection, joined

    def test_a_message_reaches_the_room_and_is_in_the_history_of_who_joins_later(self):
        room = unique("py")
        alice, _ = self.join(room, "alice")
        bob, _ = self.join(room, "bob")
        heard = collector(bob, "chat.message")
        sent = alice.request("message.send", {"room": room, "body": "hello from python", "clientId": unique("c")})
        message = heard.get(timeout=WAIT)
        self.assertEqual(message["body"], "hello from python")
        self.assertEqual(message["seq"], sent["seq"])
        _, joined = self.join(room, "carol")
        self.assertEqual([m["body"] for m in joined["history"]], ["hello from python"])

    def test_a_refusal_is_an_error_with_its_code(self):
        alice, _ = self.join(unique("py"), "alice")
        with self.assertRaises(SwitchyardError) as refused:
            alice.request("message.send", {"room": unique("elsewhere"), "body": "not joined"})
        self.assertEqual(refused.exception.code, "forbidden")
        with self.assertRaises(SwitchyardError) as invalid:
            alice.request("room.join", {"room": "no spaces allowed", "displayName": "x"})
        self.assertEqual(invalid.exception.code, "invalid_input")

    def test_after_a_reconnect_the_same_reply_channel_and_the_missed_messages_in_order(self):
        room = unique("py")
        alice, joined = self.join(room, "alice")
        channel = alice.client.reply_channel
        last = max([int(m["seq"]) for m in joined["history"]], default=0)
        alice.close()
        bob, _ = self.join(room, "bob")
        for body in ("missed one", "missed two"):
            bob.request("message.send", {"room": room, "body": body})
        alice.reconnect()
        self.assertEqual(alice.client.reply_channel, channel)
        alice.request("room.join", {"room": room, "displayName": "alice"})
        caught_up = alice.request("message.catchup", {"room": room, "after": str(last)})
        self.assertEqual([m["body"] for m in caught_up["messages"]], ["missed one", "missed two"])


class LiveblogTest(unittest.TestCase):
    def test_staff_make_a_liveblog_and_post_a_reader_follows_live_and_catches_up_after_a_reconnect(self):
        slug = unique("py")
        staff = SwitchyardClient(URL, cookie=STAFF_COOKIE).connect("/liveblog")
        reader = SwitchyardClient(URL).connect("/liveblog")
        try:
            staff.request("liveblog.create", {"slug": slug, "title": "From Python"})
            followed = reader.request("liveblog.follow", {"slug": slug})
            self.assertEqual(followed["liveblog"]["title"], "From Python")
            published = collector(reader, "post.published")
            staff.request("post.create", {"slug": slug, "body": "first"})
            change = published.get(timeout=WAIT)
            self.assertEqual(change["post"]["body"], "first")

            reader.close()
            for body in ("second", "third"):
                staff.request("post.create", {"slug": slug, "body": body})
            reader.reconnect()
            caught_up = reader.request("liveblog.follow", {"slug": slug, "after": change["cursor"]})
            self.assertFalse(caught_up["reset"])
            self.assertEqual([c["change"]["post"]["body"] for c in caught_up["changes"]], ["second", "third"])

            with self.assertRaises(SwitchyardError) as refused:
                reader.request("post.create", {"slug": slug, "body": "not staff"})
            self.assertEqual(refused.exception.code, "unauthorized")
            staff.request("liveblog.delete", {"slug": slug})
        finally:
            staff.close()
            reader.close()


class JobTest(unittest.TestCase):
    CSV = b"city,temperature\nOslo,3.5\nLima,19\nCairo,24.5\n"

    def test_an_uploaded_csv_is_profiled_and_the_profile_arrives_on_the_reply_channel(self):
        jobs = SwitchyardClient(URL).connect("/jobs")
        try:
            completed = collector(jobs, "job.completed")
            job_id = jobs.client.upload_csv(self.CSV, "cities.csv")
            outcome = completed.get(timeout=WAIT * 3)
            self.assertEqual(outcome["jobId"], job_id)
            result = outcome.get("result") or jobs.client.download_result(job_id)
            self.assertEqual(result["rowCount"], 3)
            self.assertEqual([c["name"] for c in result["columns"]], ["city", "temperature"])
        finally:
            jobs.close()

    def test_a_job_that_ends_while_the_client_is_away_is_replayed_when_it_comes_back(self):
        jobs = SwitchyardClient(URL).connect("/jobs")
        try:
            completed = collector(jobs, "job.completed")
            job_id = jobs.client.upload_csv(self.CSV, "away.csv")
            jobs.close()
            deadline = time.monotonic() + WAIT * 3
            while time.monotonic() < deadline:
                time.sleep(0.5)
                if self.finished(jobs, job_id):
                    break
            jobs.reconnect()
            self.assertEqual(completed.get(timeout=WAIT)["jobId"], job_id)
            self.assertIn("job.completed", [m["event"] for m in jobs.replayed])
        finally:
            jobs.close()

    @staticmethod
    def finished(jobs, job_id):
        """Whether the job has finished, asked on a short connection with the same reply channel."""
        probe = SwitchyardClient(URL)
        probe.reply_token = jobs.client.reply_token
        connection = probe.connect("/jobs")
        try:
            return connection.request("job.get", {"jobId": job_id})["job"]["state"] == "completed"
        finally:
            connection.close()


if __name__ == "__main__":
    unittest.main()
