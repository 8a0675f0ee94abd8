"""The web page through Flask's test client: pages, filters, errors, escaping, read-only."""
import re

A, D = "a" * 64, "d" * 64


def test_search_page_shows_a_kwic_table_with_document_year_and_page(client):
    html = client.get("/?concept=twinning").get_data(as_text=True)
    assert 'id="kwic"' in html
    rows = re.findall(r"<tr>\s*<td class=\"doc\">.*?</tr>", html, re.S)
    assert len(rows) == 6
    assert any("twinnings" in r and ">12<" in r and ">2015<" in r for r in rows)
    assert f'/doc/{A}?p=2' in html
    assert "5</strong> passages match" in html


def test_filters_and_paging_links(client):
    html = client.get("/?concept=twinning&lang=fr").get_data(as_text=True)
    assert "1</strong> passage match" in html and "jumelage" in html
    html = client.get("/?q=twinning&year_from=2016&year_to=2030&type=web").get_data(as_text=True)
    assert "1</strong> passage match" in html


def test_malformed_query_shows_how_to_write_one(client):
    resp = client.get('/?q=%22sister+city')
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert 'id="query-error"' in html and "double quote is never closed" in html and "exact phrases" in html
    assert "unknown concept" not in html
    assert "no concept" in client.get("/?q=concept:nothing_like_it").get_data(as_text=True)


def test_document_view_shows_passage_page_and_mentions(client):
    html = client.get(f"/doc/{A}?p=2&q=Lyon").get_data(as_text=True)
    assert 'id="p2" class="passage body focus"' in html
    assert "p. 12" in html and "p. i" in html and "p. 13" in html
    assert re.search(r'<mark class="mention" title="[^"]*twinning[^"]*">twinnings</mark>', html)
    assert '<mark class="mention flagged"' in html  # EU Twinning, another sense
    assert '<mark class="hit" title="search match">Lyon</mark>' in html


def test_concepts_usage_and_chart(client):
    html = client.get("/concepts").get_data(as_text=True)
    assert "twinning" in html and "jumelage" in html and "5 mentions<" in html and "3 mentions, 8 with narrower concepts" in html
    html = client.get("/usage/twinning").get_data(as_text=True)
    assert 'id="labels"' in html and "jumelage" in html and "Juilland" in html
    png = client.get("/usage/twinning/chart.png")
    assert png.status_code == 200 and png.data[:4] == b"\x89PNG"
    assert client.get("/usage/no_such_concept").status_code == 404


def test_hostile_text_is_escaped_everywhere(client):
    for url in ("/?q=twinning", f"/doc/{D}?q=twinning", "/usage/twinning", "/?q=%3Cscript%3E"):
        html = client.get(url).get_data(as_text=True)
        assert "<script" not in html and "<img src=x" not in html and "<b>Hostile" not in html, url
    html = client.get(f"/doc/{D}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "Evil &lt;Org&gt;" in html


def _stamp(path):
    """The SQLite file's mtime; on PostgreSQL (no file) what the store holds."""
    from dclit.store import open_store

    with open_store(path, readonly=True) as st:
        return path.stat().st_mtime_ns if st.backend == "sqlite" else st.status()


def test_security_headers_unknown_pages_and_no_writes(client, web_store_path):
    before = _stamp(web_store_path)
    resp = client.get("/?q=twinning")
    assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/doc/" + "0" * 64).status_code == 404
    assert client.get("/doc/x'%20OR%201=1").status_code == 404
    assert client.post("/?q=twinning").status_code == 405
    assert client.get("/?page=-3&year_from=abc&q=twinning").status_code == 200
    assert _stamp(web_store_path) == before


def test_the_store_is_opened_read_only(app):
    from dclit.web.views import _store

    with app.test_request_context("/"):
        assert _store().readonly is True
