from django.core.management.base import BaseCommand

from stations.initial_faq import QUESTIONS
from stations.models import Question


class Command(BaseCommand):
    help = (
        "Load the first questions and answers of the FAQ, once: skipped when any question "
        "exists, so staff edits and deletions stay."
    )

    def handle(self, *args, **options):
        if Question.objects.exists():
            self.stdout.write("FAQ: questions already present, none loaded.")
            return
        for position, (question, slug, answer) in enumerate(QUESTIONS, start=1):
            entry = Question(question=question, slug=slug, answer=answer, position=position * 10)
            entry.full_clean()
            entry.save()
        self.stdout.write(f"FAQ: {len(QUESTIONS)} questions loaded.")
