from django.core.management.base import BaseCommand

from accessibility import demo as accessibility_demo
from tooling import demo


class Command(BaseCommand):
    help = "Load the Stadt Bornheim demo (idempotent): users per role, committees, meetings, inquiries."

    def handle(self, *args, **options):
        result = demo.load()
        accessibility_demo.load()  # the accessibility statement and an answered barrier report
        if result["created"]:
            self.stdout.write(self.style.SUCCESS("Demo loaded: Stadt Bornheim with the KIM inquiry."))
        else:
            self.stdout.write("Demo already loaded; nothing changed.")
        self.stdout.write("Demo users (username / password / role):")
        for user in result["users"]:
            self.stdout.write(f"  {user.username:<22} {user.password:<28} {user.role}")
