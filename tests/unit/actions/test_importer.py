"""Markdown checklist import: the seed checklist and checklists written in other common styles."""
from __future__ import annotations

import re
import textwrap

import pytest
import yaml

from generator.actions.importer.convert import (
    MarkdownImportError,
    dump_definition,
    import_file,
    import_markdown,
)
from generator.actions.importer.slugs import slugify
from generator.kinds import KINDS
from tests.helpers.paths import ROOT

SEED = ROOT / "generator" / "actions" / "starter" / "production-deployment-checklist.md"
COMMITTED = ROOT / "content" / "checklists" / "production-deployment.yml"

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def md(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def sections(definition: dict) -> list[dict]:
    return [s for p in definition["phases"] for s in p["sections"]]


def items(definition: dict) -> list[dict]:
    return [i for s in sections(definition) for i in s["items"]]


def refs(definition: dict) -> list[str]:
    return [f"{s['id']}/{i['id']}" for s in sections(definition) for i in s["items"]]


def outline(definition: dict) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(phase id, [(section id, [item ids])]) — the shape, for compact assertions."""
    return [(p["id"], [(s["id"], [i["id"] for i in s["items"]]) for s in p["sections"]])
            for p in definition["phases"]]


def assert_valid(definition: dict) -> None:
    """What the format asks of every definition: slug ids, unique where they must be."""
    assert SLUG_PATTERN.match(definition["id"]) and definition["version"] == 1
    phase_ids = [p["id"] for p in definition["phases"]]
    section_ids = [s["id"] for s in sections(definition)]
    assert len(set(phase_ids)) == len(phase_ids)
    assert len(set(section_ids)) == len(section_ids)
    for section in sections(definition):
        item_ids = [i["id"] for i in section["items"]]
        assert item_ids and len(set(item_ids)) == len(item_ids)
    for some_id in phase_ids + section_ids + [i["id"] for i in items(definition)]:
        assert SLUG_PATTERN.match(some_id) and len(some_id) <= 60, some_id
    assert all(i["title"].strip() for i in items(definition))


# --- the seed ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed() -> dict:
    return import_markdown(SEED.read_text(encoding="utf-8"), source=SEED.name)


def test_seed_has_nine_phases_26_sections_133_items(seed):
    assert len(seed["phases"]) == 9
    assert len(sections(seed)) == 26
    assert len(items(seed)) == 133
    assert_valid(seed)


def test_seed_ids(seed):
    assert seed["id"] == "production-deployment"
    assert seed["title"] == "Production Deployment Checklist"
    assert [p["id"] for p in seed["phases"]][:3] == [
        "pre-deployment", "deployment-steps", "post-deployment-verification"]
    found = set(refs(seed))
    for ref in (
        "security-configuration/api-rate-limiting-is-enabled",
        "security-configuration/security-headers-are-set",
        "code-review/all-tests-are-passing",                # "### 1. Code Review"
        "build-and-test/all-unit-tests-pass",
        "go-live/monitoring-is-active",                     # "### Go-Live Checklist"
        "deployment/monitoring-is-active",
        "security-compliance/pci-dss-compliance-if-applicable",
        "rollback-triggers/high-error-rate-5",              # "High error rate (>5%)"
        "first-24-hours/monitor-error-rates-closely",
    ):
        assert ref in found, ref
    assert "security-configuration/rate-limiting" not in found


def test_seed_import_is_stable(seed):
    again = import_markdown(SEED.read_text(encoding="utf-8"), source=SEED.name)
    assert again == seed
    assert dump_definition(again) == dump_definition(seed)


def test_dump_round_trips_and_keeps_contract_key_order(seed):
    text = dump_definition(seed)
    assert yaml.safe_load(text) == seed
    assert text.startswith("# yaml-language-server: $schema=https://evidence-site.dev/schemas/"
                           "checklist.schema.json\n"
                           "id: production-deployment\ntitle: Production Deployment Checklist\n"
                           "version: 1\nphases:\n  - id: pre-deployment\n")


def test_dump_orders_keys_whatever_the_input_order():
    shuffled = {"phases": [{"sections": [{"items": [{"signoff": {"role": "legal"},
                "title": "Legal approval", "requires": [{"kind": "signoff"}], "id": "legal"}],
                "owner": "legal", "title": "Sign-off", "id": "sign-off"}],
                "title": "Final", "id": "final"}], "version": 1, "title": "T", "id": "t"}
    text = dump_definition(shuffled)
    assert text == md("""
        # yaml-language-server: $schema=https://evidence-site.dev/schemas/checklist.schema.json
        id: t
        title: T
        version: 1
        phases:
          - id: final
            title: Final
            sections:
              - id: sign-off
                title: Sign-off
                owner: legal
                items:
                  - id: legal
                    title: Legal approval
                    requires:
                      - {kind: signoff}
                    signoff: {role: legal}
        """)


def test_dump_keeps_unicode_and_writes_multiline_descriptions_as_blocks():
    definition = {"id": "x", "title": "Überprüfung 🚀", "version": 1, "phases": [
        {"id": "p", "title": "P", "sections": [{"id": "s", "title": "S", "items": [
            {"id": "i", "title": "Café", "description": "line one\n\nline two"}]}]}]}
    text = dump_definition(definition)
    assert "title: Überprüfung 🚀" in text and "title: Café" in text
    assert "description: |-\n" in text
    assert yaml.safe_load(text) == definition


# --- the committed, hand-edited definition ----------------------------------------------------

@pytest.fixture(scope="module")
def committed() -> dict:
    return yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


def test_committed_definition_keeps_every_imported_id_and_title(seed, committed):
    assert outline(committed) == outline(seed)
    assert committed["id"] == seed["id"] and committed["title"] == seed["title"]
    for imported, edited in zip(items(seed), items(committed)):
        assert {k: edited[k] for k in imported} == imported     # hand edits only added fields
    for imported, edited in zip(sections(seed), sections(committed)):
        assert edited["title"] == imported["title"]


def test_committed_definition_requirements_are_known_kinds(committed):
    for item in items(committed):
        for requirement in item.get("requires", [{"kind": "any"}]):
            assert requirement["kind"] in KINDS, item["id"]


def test_committed_definition_has_the_expected_evidence(committed):
    by_ref = {f"{s['id']}/{i['id']}": i for s in sections(committed) for i in s["items"]}

    def kinds(ref: str) -> list[str]:
        return [r["kind"] for r in by_ref[ref].get("requires", [{"kind": "any"}])]

    headers = by_ref["security-configuration/security-headers-are-set"]["requires"][0]
    assert headers["kind"] == "http-headers"
    assert {"strict-transport-security", "content-security-policy", "x-content-type-options",
            "x-frame-options", "referrer-policy"} <= set(headers["check"]["require"])
    assert kinds("security-verification/security-headers-are-present") == ["http-headers"]
    for ref in ("build-and-test/all-unit-tests-pass", "build-and-test/all-integration-tests-pass",
                "build-and-test/all-end-to-end-tests-pass", "code-review/all-tests-are-passing"):
        assert kinds(ref) == ["junit"], ref
    for ref in ("security-compliance/vulnerability-assessment-is-completed",
                "code-review/security-audit-is-performed",
                "security-compliance/security-audit-is-completed"):
        assert by_ref[ref]["requires"][0] == {"kind": "sarif", "check": {"fail_on": "error"}}
    assert kinds("application-health/health-check-endpoint-is-responding") == ["probe"]
    assert kinds("technical-documentation/runbook-is-prepared") == ["runbook"]
    assert kinds("user-documentation/release-notes-are-published") == ["release-notes"]
    assert by_ref["security-compliance/pci-dss-compliance-if-applicable"]["applies_if"] == "pci"
    assert by_ref["security-compliance/soc-2-compliance-if-applicable"]["applies_if"] == "soc2"
    signoffs = [i for s in sections(committed) if s["id"] == "stakeholder-sign-off"
                for i in s["items"]]
    assert [i["signoff"]["role"] for i in signoffs] == [
        "technical", "product", "security", "legal", "executive"]
    assert all(i["requires"] == [{"kind": "signoff"}] for i in signoffs)
    due = {s["id"]: s.get("due") for s in sections(committed)}
    assert due["first-24-hours"] == "after-release: 24h"
    assert due["first-week"] == "after-release: 7d"
    assert due["first-month"] == "after-release: 30d"


def test_approvers_name_every_signoff_role(committed):
    approvers = yaml.safe_load((ROOT / "content" / "approvers.yml").read_text(encoding="utf-8"))
    roles = approvers["roles"]
    needed = {i["signoff"]["role"] for i in items(committed) if "signoff" in i}
    needed |= {s["owner"] for s in sections(committed) if "owner" in s}
    assert needed <= set(roles)
    for role in roles.values():
        assert role["title"] and 1 <= len(role["members"]) <= 2
        for member in role["members"]:
            assert member["name"] and member["email"].endswith("@example.com")


# --- other public-style checklists ------------------------------------------------------------

def test_emoji_headings_with_only_title_and_sections():
    definition = import_markdown(md("""
        # 🚀 Launch Checklist

        ## ✅ Before launch
        * [ ] 🔒 TLS certificate renewed
        * [x] **Backups** verified ([docs](https://example.com/backups))

        ## :rocket: Launch day
        + [ ] Announce in `#general`
        """))
    assert_valid(definition)
    assert definition["id"] == "launch" and definition["title"] == "🚀 Launch Checklist"
    assert outline(definition) == [("launch", [
        ("before-launch", ["tls-certificate-renewed", "backups-verified-docs"]),
        ("launch-day", ["announce-in-general"]),
    ])]
    backups = items(definition)[1]
    assert backups["title"] == "Backups verified (docs)"
    assert "[docs](https://example.com/backups)" in backups["description"]
    assert items(definition)[2]["title"] == "Announce in #general"


def test_numbered_headings_lose_their_numbers_in_ids_only():
    definition = import_markdown(md("""
        # Release Process
        ## Step 1: Prepare
        ### 1.1 Code freeze
        1. [ ] Branch cut from main
        2. [ ] 2FA enforced for maintainers
        ### 1.2. Sign-off
        1) [ ] QA approval
        ## Step 2 - Ship
        ### 2.1 Publish
        - [ ] Packages uploaded
        """), source="release.md")
    assert_valid(definition)
    assert outline(definition) == [
        ("prepare", [("code-freeze", ["branch-cut-from-main", "2fa-enforced-for-maintainers"]),
                     ("sign-off", ["qa-approval"])]),
        ("ship", [("publish", ["packages-uploaded"])]),
    ]
    assert definition["phases"][0]["title"] == "Step 1: Prepare"
    assert sections(definition)[0]["title"] == "1.1 Code freeze"


def test_checkboxes_in_table_rows():
    definition = import_markdown(md("""
        # Go-live review

        | Done | Task | Owner | Notes |
        |------|------|-------|-------|
        | [ ] | DNS cut-over planned | @ops | TTL lowered to 300 |
        | [x] | Rollback tested | @dev | |
        | | Not a task | | |

        | [ ] Status page updated | comms |
        """))
    assert_valid(definition)
    assert [i["id"] for i in items(definition)] == [
        "dns-cut-over-planned", "rollback-tested", "status-page-updated"]
    described = {i["id"]: i.get("description") for i in items(definition)}
    assert described == {"dns-cut-over-planned": "Owner: @ops; Notes: TTL lowered to 300",
                         "rollback-tested": "Owner: @dev", "status-page-updated": "comms"}


def test_nested_items_are_flattened_with_their_parents_in_the_description():
    definition = import_markdown(md("""
        # Server hardening
        - [ ] Firewall
          - [ ] Only 22, 80, 443 open
          - [ ] Default deny inbound
        - Accounts
          - [ ] Root login disabled
            - [ ] Verified on every host
        1. [ ] Reboot after patching
           - kernel first
             - then firmware
           - services last

           Note the reboot time.
        2. [x] Document changes
        """))
    assert_valid(definition)
    got = {i["id"]: i.get("description", "") for i in items(definition)}
    assert got == {
        "firewall": "",
        "only-22-80-443-open": "Part of: Firewall",
        "default-deny-inbound": "Part of: Firewall",
        "root-login-disabled": "Part of: Accounts",
        "verified-on-every-host": "Part of: Accounts › Root login disabled",
        "reboot-after-patching": "- kernel first\n  - then firmware\n- services last"
                                 "\n\nNote the reboot time.",
        "document-changes": "",
    }


def test_setext_headings():
    definition = import_markdown(md("""
        Mobile App Release
        ==================

        Some introduction that is
        not a heading.

        Store listing
        -------------
        - [ ] Screenshots updated
        - [ ] Description proofread

        ---

        Binary
        ------
        - [ ] Version code bumped
        """))
    assert_valid(definition)
    assert definition["title"] == "Mobile App Release"
    assert outline(definition) == [("mobile-app-release", [
        ("store-listing", ["screenshots-updated", "description-proofread"]),
        ("binary", ["version-code-bumped"]),
    ])]


def test_deep_headings_fold_into_their_section():
    definition = import_markdown(md("""
        # Platform Runbook
        ## Preparation
        ### Infrastructure
        #### Network
        - [ ] VPC peering approved
        #### Storage
        - [ ] Buckets encrypted
        ### People
        - [ ] On-call rota published
        ## Execution
        ### Cut-over
        ##### Detail
        - [ ] Traffic shifted
        #### License
        Plain text, no items.
        """))
    assert_valid(definition)
    assert outline(definition) == [
        ("preparation", [("infrastructure", ["vpc-peering-approved", "buckets-encrypted"]),
                         ("people", ["on-call-rota-published"])]),
        ("execution", [("cut-over", ["traffic-shifted"])]),
    ]
    assert items(definition)[1]["description"] == "Part of: Storage"


def test_no_headings_front_matter_comments_and_code_fences():
    definition = import_markdown(md("""
        ---
        title: Weekly ops review
        tags: [ops]
        ---
        <!-- - [ ] commented out item -->
        - [ ] Check disk usage <!-- inline note -->
        ```bash
        - [ ] not an item
        ```
        <!--
        - [ ] also not an item
        -->
        ~~~~
        # not a heading
        ~~~
        - [ ] still in the fence
        ~~~~
        - [ ] Rotate logs
          - [ ] Archive kept

                ```text
                - [ ] inside a fence in a list item
                ```
        > ```
        > - [ ] quoted fence
        > ```
        - [ ] Alert on full disks
        """), source="ops/weekly.md")
    assert_valid(definition)
    assert definition["title"] == "Weekly ops review"
    assert outline(definition) == [("weekly-ops-review", [
        ("weekly-ops-review", ["check-disk-usage", "rotate-logs", "archive-kept", "alert-on-full-disks"])])]


def test_items_before_headings_duplicates_explicit_ids_and_unicode():
    definition = import_markdown(md("""
        - [ ] Café menu printed
        # Event checklist
        ## Venue {#hall}
        - [ ] Chairs
        - [ ] Chairs
        - [ ] Chairs 2
        - [ ] Chairs
        ## Venue
        - [ ] Überprüfung der Notausgänge
        - [ ] 日本語のみ
        - [ ] ✅
        """))
    assert_valid(definition)
    assert outline(definition) == [("event", [
        ("event", ["cafe-menu-printed"]),
        ("hall", ["chairs", "chairs-2", "chairs-2-2", "chairs-3"]),
        ("venue", ["uberprufung-der-notausgange", "item", "item-2"]),
    ])]
    assert items(definition)[-2]["title"] == "日本語のみ"


def test_several_top_headings_are_phases_and_title_comes_from_the_file_name():
    definition = import_markdown(md("""
        # Before
        ## Code
        - [X] Tests are green
          on the main branch

          Run `make test` locally first,
          then push.
        - [ ] Lint passes
        # After
        > ## Ops
        > 1) [ ] Dashboards checked
        """), source="docs/release_steps.md")
    assert_valid(definition)
    assert definition["title"] == "Release steps" and definition["id"] == "release-steps"
    assert outline(definition) == [
        ("before", [("code", ["tests-are-green-on-the-main-branch", "lint-passes"])]),
        ("after", [("ops", ["dashboards-checked"])]),
    ]
    assert items(definition)[0]["description"] == "Run `make test` locally first, then push."


def test_items_directly_under_a_phase_get_a_section_named_after_it():
    definition = import_markdown(md("""
        # Checklist
        ## Preflight
        - [ ] Fuel checked
        ## Flight
        ### Takeoff
        - [ ] Flaps set
        """))
    assert_valid(definition)
    assert outline(definition) == [("preflight", [("preflight", ["fuel-checked"])]),
                                   ("flight", [("takeoff", ["flaps-set"])])]
    assert definition["id"] == "checklist"


def test_long_titles_are_cut_at_a_word_boundary():
    title = "Every production database replica has point in time recovery enabled and tested"
    definition = import_markdown(f"- [ ] {title}\n")
    item_id = items(definition)[0]["id"]
    assert item_id == "every-production-database-replica-has-point-in-time-recovery"
    assert len(item_id) <= 60 and slugify(title) == item_id


def test_a_file_without_items_is_refused_with_a_hint():
    with pytest.raises(MarkdownImportError) as error:
        import_markdown("# Notes\n\n- just a list\n```\n- [ ] in code\n```\n", source="notes.md")
    assert "notes.md: no checklist items found" in str(error.value)
    assert "- [ ]" in error.value.hint


def test_windows_line_endings_and_bom_give_the_same_result():
    text = "# Ship it\n## Checks\n- [ ] Tests pass\n- [ ] Docs updated\n"
    assert import_markdown("\ufeff" + text.replace("\n", "\r\n")) == import_markdown(text)


def test_bold_leads_badges_and_resource_quotes():
    definition = import_markdown(md("""
        # 🗂 Web Launch Checklist

        ## Head

        > **Notes:** see [the HEAD list](https://example.com/head).

        ### Meta tags

        * [ ] **Doctype:** ![High][high_img] The Doctype is HTML5 and comes first.

        ```html
        <!doctype html>
        ```

        > * 📖 [Character encoding](https://example.com/charset)

        * [ ] **Charset:** ![High][high_img] UTF-8 is declared, see [spec][html].
        * [ ] **Favicon** - a `favicon.ico` sits at the root.
        * [ ] **Social card:** ![Low][low_img]

        ### Performance
        - [ ] [Minification](https://example.com/minify) :white_check_mark:

        **[⬆ back to top](#top)**

        [high_img]: https://example.com/high.svg
        [html]: https://example.com/html
        """))
    assert_valid(definition)
    assert definition["id"] == "web-launch"
    assert outline(definition) == [("head", [
        ("meta-tags", ["doctype", "charset", "favicon", "social-card"]),
        ("performance", ["minification"]),
    ])]
    got = {i["id"]: (i["title"], i.get("description")) for i in items(definition)}
    assert got == {
        "doctype": ("Doctype", "The Doctype is HTML5 and comes first."),
        "charset": ("Charset", "UTF-8 is declared, see spec."),
        "favicon": ("Favicon", "a `favicon.ico` sits at the root."),
        "social-card": ("Social card", None),
        "minification": ("Minification",
                         "[Minification](https://example.com/minify) :white_check_mark:"),
    }


def test_bold_lines_before_lists_label_them():
    nested = import_markdown(md("""
        # Release Checklist
        ## Pre-Release
        ### Code Complete
        **Feature Implementation**
        - [ ] All user stories implemented

        **Code Quality:**

        - [ ] Reviews approved

        **Owner**: Release manager

        **Not a label** because more text follows.
        - [ ] No leftovers
        ### Testing
        - [ ] Unit tests passing
        """))
    assert_valid(nested)
    assert outline(nested) == [("pre-release", [
        ("code-complete", ["all-user-stories-implemented", "reviews-approved", "no-leftovers"]),
        ("testing", ["unit-tests-passing"]),
    ])]
    assert [i.get("description") for i in items(nested)] == [
        "Part of: Feature Implementation", "Part of: Code Quality", None, None]

    flat = import_markdown(md("""
        **Before you merge**
        - [ ] Tests added

        **After merge**

        | [ ] Deployed | ops |
        """), source="pull_request_template.md")
    assert_valid(flat)
    assert flat["title"] == "Pull request template"
    assert outline(flat) == [("pull-request-template", [
        ("before-you-merge", ["tests-added"]), ("after-merge", ["deployed"])])]


def test_import_file_names_the_file_in_errors(tmp_path):
    good = tmp_path / "ship-it.md"
    good.write_text("- [ ] Tag pushed\n", encoding="utf-8")
    assert import_file(good)["title"] == "Ship it"
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("- [ ] Café\n".encode("latin-1"))
    with pytest.raises(MarkdownImportError, match=r"latin1\.md: not UTF-8 text \(byte 10\)"):
        import_file(latin1)


def test_a_leading_rule_is_not_front_matter():
    definition = import_markdown(md("""
        ---
        # Handover
        - [ ] Keys returned
        ---
        - [ ] Badge returned
        """))
    assert definition["title"] == "Handover"
    assert [i["id"] for i in items(definition)] == ["keys-returned", "badge-returned"]
    toml = import_markdown('+++\ntitle = "Toml titled"\n+++\n- [ ] One\n')
    assert toml["title"] == "Toml titled" and toml["id"] == "toml-titled"


REAL = ROOT / "tests" / "fixtures" / "import"


def test_a_public_readiness_checklist_imports_with_readable_ids():
    definition = import_file(REAL / "microservice-production-readiness-checklist.md")
    assert_valid(definition)
    assert [p["id"] for p in definition["phases"]] == ["checklist"]
    got = {i["id"]: i for i in items(definition)}
    assert got["prefer-apis-over-sharing-sdks"]["title"] == "Prefer APIs over Sharing SDKs"
    assert got["prefer-apis-over-sharing-sdks"]["description"].startswith("Try to avoid using SDKs")
    assert "load-tests" in got and "ensure-it-lives-behind-our-cloudfront-cdn" in got
    for item_id in got:
        assert item_id.rsplit("-", 1)[-1] not in {"if", "and", "the", "with", "to", "e", "g"}


@pytest.mark.parametrize("heading, expected", [
    ("The Checklist", "checklist"),
    ("The Release Checklist", "release"),
    ("A Quick Start", "quick-start"),
    ("The", "the"),
])
def test_leading_articles_do_not_make_ids(heading, expected):
    definition = import_markdown(f"# Doc\n## {heading}\n### Part\n- [ ] Done\n")
    assert definition["phases"][0]["id"] == expected


@pytest.mark.parametrize("line", [
    "**Prefer APIs over SDKs**. Long explanation follows.",
    "**Prefer APIs over SDKs.** Long explanation follows.",
    "__Prefer APIs over SDKs__. Long explanation follows.",
    "**Prefer APIs over SDKs**: Long explanation follows.",
])
def test_a_bold_lead_set_off_by_a_full_stop_is_the_title(line):
    item = items(import_markdown(f"- [ ] {line}\n"))[0]
    assert (item["id"], item["title"]) == ("prefer-apis-over-sdks", "Prefer APIs over SDKs")
    assert item["description"] == "Long explanation follows."


@pytest.mark.parametrize("title, expected", [
    ("Load Tests (at least basic ones) especially if higher traffic is expected", "load-tests"),
    ("Ensure it lives behind our Cloudfront CDN, and uses a WAF if it is necessary for you",
     "ensure-it-lives-behind-our-cloudfront-cdn"),
    ("Write a RFC and publish it on architecture-guild channel if your change is large",
     "write-a-rfc-and-publish-it-on-architecture-guild-channel"),
    ("Every service that is deployed to production is monitored with dashboards and alerts",
     "every-service-that-is-deployed-to-production-is-monitored"),
])
def test_long_ids_end_at_a_phrase_or_a_word_that_needs_nothing_after_it(title, expected):
    assert slugify(title) == expected
