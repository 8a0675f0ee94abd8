"""End to end in headless Chromium (Debian's, driven by Playwright): search, open a document, stay safe."""
import re

import pytest

pytestmark = pytest.mark.browser

A, D = "a" * 64, "d" * 64


def test_search_then_open_the_document(page, server):
    page.goto(server + "/")
    page.fill("#q", "concept:twinning")
    page.click("button[type=submit]")
    page.wait_for_selector("#kwic")
    assert page.locator("#kwic tbody tr").count() == 6
    assert "5 passages match" in page.inner_text("#summary")
    row = page.locator("#kwic tbody tr").filter(has=page.locator("td.kw", has_text=re.compile("^twinnings$")))
    assert row.count() == 1
    assert row.locator("td").nth(2).inner_text() == "12"  # printed page label
    row.locator("td.doc a").click()
    page.wait_for_selector("li.passage.focus")
    focus = page.locator("li.passage.focus")
    assert "twinning agreement" in focus.inner_text() and "p. 12" in focus.inner_text()
    assert focus.locator("mark.mention").count() == 2
    assert page.inner_text("#doc-title") == "Decentralised Cooperation Report"


def test_filters_narrow_the_results(page, server):
    page.goto(server + "/")
    page.fill("#q", "concept:twinning")
    page.select_option("#lang", "fr")
    page.click("button[type=submit]")
    page.wait_for_selector("#kwic")
    assert page.locator("#kwic tbody tr").count() == 1
    assert "jumelage" in page.inner_text("#kwic")


def test_a_malformed_query_gets_a_friendly_message(page, server):
    page.goto(server + "/")
    page.fill("#q", '"sister city')
    page.click("button[type=submit]")
    assert "double quote is never closed" in page.inner_text("#query-error")


def test_hostile_document_shows_as_text_and_runs_nothing(page, server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/?q=twinning")
    page.wait_for_selector("#kwic")
    assert "<script>alert(1)</script>" in page.inner_text("#kwic")
    page.goto(server + f"/doc/{D}")
    text = page.inner_text("li.passage")
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    assert page.inner_text("#doc-title") == "<b>Hostile</b> page"
    page.wait_for_timeout(300)
    assert dialogs == []


def test_usage_page_shows_its_chart(page, server):
    page.goto(server + "/usage/twinning")
    page.wait_for_selector("#chart")
    width = page.evaluate("document.getElementById('chart').naturalWidth")
    assert width > 500
