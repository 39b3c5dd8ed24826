"""The site's list of blockers: one line per blocker, the item's title before its reference."""
from __future__ import annotations

from generator.evaluate.status import readiness_blockers
from generator.outputs.blockers import blocker_lines
from tests.helpers.reports import item, report, signoff


def test_each_blocker_leads_with_the_title_and_keeps_the_reference():
    rate = item("security/rate-limits", "Rate limiting")
    done = item("security/review", "Security review")
    r = report("v1.0.0", {rate.ref: "failed", done.ref: "complete"}, items=[rate, done],
               reasons={rate.ref: ("2 of 10 checks failed",)},
               signoffs=[signoff("evidence/v1.0.0/signoffs/security.yml", "security",
                                 "aiko@example.com", decision="rejected")])
    lines = blocker_lines(r)
    assert lines[0] == "Rate limiting (security/rate-limits) is failed: 2 of 10 checks failed"
    assert lines[1].startswith("sign-off of ") and "is rejected" in lines[1]
    assert len(lines) == len(readiness_blockers(r))    # the same blockers as the verdict's
