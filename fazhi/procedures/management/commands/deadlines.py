"""`fazhi deadlines`: overdue and due-soon deadline counts per unit (for operators)."""

from django.core.management.base import BaseCommand
from django.db.models import Count

from fazhi.core.access import SYSTEM
from fazhi.procedures import clock
from fazhi.procedures.models import Deadline, DeadlineStatus, due_soon_until, status_q


class Command(BaseCommand):
    help = "按单位统计已超期和即将到期的办理期限"

    def handle(self, *args, **options):
        today = clock.today()
        # Indexable conditions over running rows, not the status CASE over years of stopped ones.
        rows = (Deadline.objects.visible_to(SYSTEM).urgent(today)
                .values("unit__region_id", "unit__name")
                .annotate(overdue=Count("pk", filter=status_q(DeadlineStatus.OVERDUE, today)),
                          due_soon=Count("pk", filter=status_q(DeadlineStatus.DUE_SOON, today)))
                .order_by("unit__region_id", "unit__name"))
        warning = due_soon_until(today)[1]
        if warning:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(f"{today:%Y-%m-%d}\t已超期\t即将到期\t单位")
        total_o = total_s = 0
        for row in rows:
            total_o += row["overdue"]
            total_s += row["due_soon"]
            self.stdout.write(f"{row['unit__region_id']}\t{row['overdue']}\t{row['due_soon']}\t{row['unit__name']}")
        self.stdout.write(f"合计\t{total_o}\t{total_s}")
