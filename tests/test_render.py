"""What a reader sees on article pages, for Markdown and clippings alike."""

from __future__ import annotations

import re

from click.testing import CliRunner

from newsgen.cli import main


def build(tmp_path, files: dict[str, str], *extra: str):
    content = tmp_path / "content"
    content.mkdir()
    for name, text in files.items():
        (content / name).write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--output", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


MD = """---
title: Kunjungan Kerja ke Surabaya
date: 2024-03-06
author: Sari Dewi
source_url: https://example.org/kunjungan
tags: [Kunjungan]
---
Presiden Joko Widodo tiba di **Surabaya** pada Rabu pagi. Warga Surabaya menyambutnya.

| Kota | Acara |
|---|---|
| Surabaya | Peresmian |
"""


def test_markdown_body_links_entities_and_keeps_markup(tmp_path):
    site = build(tmp_path, {"kunjungan.md": MD})
    html = (site / "articles" / "kunjungan.html").read_text(encoding="utf-8")
    body = html.split('<div class="body"', 1)[1].split(">", 1)[1].split("</div>", 1)[0]
    assert re.search(r'<a class="entity entity-person" href="../entities/joko-widodo.html">Joko Widodo</a>', body)
    assert '<strong><a class="entity entity-place" href="../entities/surabaya.html">Surabaya</a></strong>' in body
    assert body.count('href="../entities/surabaya.html"') == 1  # only the first mention is linked
    assert "<table>" in body and re.search(r"<td( id=\"p-\d+\")?>Peresmian</td>", body)
    assert '<p id="p-1">Presiden' in body  # paragraph anchors for quotes on entity and event pages


def test_article_shows_author_and_original_link(tmp_path):
    site = build(tmp_path, {"kunjungan.md": MD})
    html = (site / "articles" / "kunjungan.html").read_text(encoding="utf-8")
    assert "Sari Dewi" in html
    assert 'href="https://example.org/kunjungan"' in html


def test_derived_headline_is_not_repeated_as_the_summary(tmp_path):
    clipping = ("Banjir merendam tiga kecamatan di Kota Medan sejak Senin malam. "
                "Ratusan warga mengungsi ke masjid dan sekolah terdekat.\nPemerintah kota membuka dapur umum.")
    site = build(tmp_path, {"banjir.txt": clipping})
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Banjir merendam tiga kecamatan di Kota Medan sejak Senin malam</a>" in home
    assert '<p class="summary">Ratusan warga mengungsi' in home


def test_canonical_link_only_with_base_url(tmp_path):
    site = build(tmp_path, {"kunjungan.md": MD})
    assert 'rel="canonical"' not in (site / "index.html").read_text(encoding="utf-8")
    (tmp_path / "newsgen.yaml").write_text("base_url: https://user.github.io/arsip/\ncontent: content\noutput: site2\n")
    result = CliRunner().invoke(main, ["build", "--config", str(tmp_path / "newsgen.yaml")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site2" / "articles" / "kunjungan.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://user.github.io/arsip/articles/kunjungan.html">' in html


def test_a_cut_headline_is_carried_on_by_the_summary(tmp_path):
    lede = ("Pemerintah daerah bersama relawan dan aparat keamanan mengevakuasi ratusan warga yang terjebak "
            "banjir setinggi dua meter di tiga kecamatan sejak Senin malam. Bantuan logistik tiba esok harinya.")
    quoted = ("“Kami, warga desa yang terdampak banjir besar, meminta pemerintah kabupaten segera membangun "
              "tanggul baru,” kata Ahmad. Ia lalu pulang.")
    site = build(tmp_path, {"banjir.txt": lede, "tanggul.txt": quoted})
    home = (site / "index.html").read_text(encoding="utf-8")
    # the headline had to be cut; the summary says the rest of its sentence, not the headline again
    assert "mengevakuasi ratusan warga yang…</a>" in home
    assert '<p class="summary">…terjebak banjir setinggi dua meter' in home
    assert "pemerintah kabupaten segera…</a>" in home
    assert '<p class="summary">…membangun tanggul baru,” kata Ahmad.' in home


def _dated_visit(day: int, n: int) -> str:
    return (f"---\ntitle: Kunjungan {n}\ndate: 2023-02-{n:02d}\n---\n"
            f"Presiden Joko Widodo meresmikan pelabuhan di Surabaya pada {day} Januari 2023.\n")


def test_entity_page_shows_its_latest_dates_and_links_to_the_rest(tmp_path):
    # 12 dates said with Surabaya; the latest of them in five articles
    files = {f"kunjungan-{n}.md": _dated_visit(n, n) for n in range(1, 13)}
    files |= {f"kunjungan-{n}.md": _dated_visit(12, n) for n in range(13, 17)}
    site = build(tmp_path, files)
    html = (site / "entities" / "surabaya.html").read_text(encoding="utf-8")
    own = html.split('id="own-events"', 1)[1].split("</section>", 1)[0]
    shown = re.findall(r'<li id="d-([\d-]+)">', own)
    assert shown == [f"2023-01-{day:02d}" for day in range(12, 2, -1)]  # the 10 latest, latest first
    assert "10 tanggal terakhir dari 12" in own and 'href="../events/index.html"' in own
    latest = own.split('<li id="d-2023-01-12">', 1)[1].split("</ul>", 1)[0]
    assert latest.count("<blockquote>") == 3
    assert '<a href="../events/2023-01.html#d-2023-01-12">2 kalimat lain tentang tanggal ini' in latest
    timeline = (site / "events" / "2023-01.html").read_text(encoding="utf-8")
    on_timeline = timeline.split('<li id="d-2023-01-12">', 1)[1].split("</ul>", 1)[0]
    assert on_timeline.count("<blockquote>") == 5  # the event timeline keeps every sentence
    assert '<li id="d-2023-01-01">' in timeline


def test_event_timeline_year_lists_its_months_and_keeps_dates_said_to_the_year(tmp_path):
    said = ["pada 3 Maret 2021", "pada Mei 2021", "pada 9 Mei 2021", "sepanjang tahun 2021"]
    files = {f"kunjungan-{n}.md": f"---\ntitle: Kunjungan {n}\ndate: 2023-02-0{n + 1}\n---\n"
                                  f"Presiden Joko Widodo meresmikan pelabuhan di Surabaya {when}.\n"
             for n, when in enumerate(said)}
    events = build(tmp_path, files) / "events"
    year = (events / "2021.html").read_text(encoding="utf-8")
    assert re.findall(r'href="(2021-\d\d\.html)"', year) == ["2021-05.html", "2021-03.html"]  # newest first
    assert '<li id="d-2021">' in year and '<li id="d-2021-05' not in year
    may = (events / "2021-05.html").read_text(encoding="utf-8")
    assert re.findall(r'<li id="d-([\d-]+)">', may) == ["2021-05", "2021-05-09"]
    assert 'href="2021.html"' in may  # back to the year


def test_a_markdown_dateline_is_shown_as_a_clippings(tmp_path):
    files = {"a.md": "---\ntitle: Banjir Bandang\ndate: 2023-02-01\noutlet: Warta Desa\ndateline: Garut\n---\nBanjir.\n"}
    page = (build(tmp_path, files) / "articles" / "a.html").read_text(encoding="utf-8")
    assert '<span class="dateline">Garut</span>' in page


def test_an_entitys_other_spellings_leave_out_case_variants(tmp_path):
    files = {"a.md": "---\ntitle: A\ndate: 2023-02-01\n---\nSLEMAN — Warga Sleman mengungsi dari Sleman ke Bantul.\n",
             "b.md": "---\ntitle: B\ndate: 2023-02-02\n---\nBadan Pengawas Pemilu (Bawaslu) memantau. Bawaslu hadir.\n"}
    site = build(tmp_path, files)
    sleman = (site / "entities" / "sleman.html").read_text(encoding="utf-8")
    assert 'class="aliases"' not in sleman  # "SLEMAN" is Sleman written in capitals, not another name
    bawaslu = (site / "entities" / "badan-pengawas-pemilihan-umum.html").read_text(encoding="utf-8")
    assert "Juga ditulis: Bawaslu, Badan Pengawas Pemilu" in bawaslu or "Juga ditulis: Badan Pengawas Pemilu, Bawaslu" in bawaslu


def test_event_timeline_counts_an_article_once_however_many_dates_it_names(tmp_path):
    files = {"dua.md": "---\ntitle: Dua\ndate: 2023-02-01\n---\nRapat pada 3 Maret 2021 dan 9 Mei 2021.\n",
             "satu.md": "---\ntitle: Satu\ndate: 2023-02-02\n---\nRapat pada 3 Maret 2021.\n"}
    events = build(tmp_path, files) / "events"
    index = (events / "index.html").read_text(encoding="utf-8")
    assert re.search(r'2021</a> <span class="n">2 tanggal · disebut di 2 artikel', index)  # not 3
    year = (events / "2021.html").read_text(encoding="utf-8")
    assert re.search(r'Maret 2021</a> <span class="n">1 tanggal · disebut di 2 artikel', year)


def test_each_page_of_a_long_month_and_each_day_has_its_own_file(tmp_path):
    from newsgen.linkcheck import check_site

    # twelve days of June at one article a page: the month's pages 10 to 12 once were the days' files
    files = {f"hari-{day:02d}.md": f"---\ntitle: Laporan hari ke-{day}\ndate: 2023-06-{day:02d}\n---\nWarga berkumpul.\n"
             for day in range(1, 13)}
    (tmp_path / "newsgen.yaml").write_text("per_page: 1\n", encoding="utf-8")
    site = build(tmp_path, files, "--config", str(tmp_path / "newsgen.yaml"))

    def titles(path: str) -> list[str]:
        return re.findall(r"Laporan hari ke-(\d+)</a>", (site / path).read_text(encoding="utf-8"))

    assert titles("timeline/2023-06-10.html") == ["10"]
    assert titles("timeline/2023-06/10.html") == ["3"]  # newest first: page 10 holds the third day
    assert [titles(f"timeline/2023-06/{n}.html")[0] for n in range(2, 13)] == [str(day) for day in range(11, 0, -1)]
    second = (site / "timeline/2023-06/2.html").read_text(encoding="utf-8")
    assert 'href="../2023-06.html"' in second
    # page 2 says so in its title and under its heading, not only in the pager at the bottom
    assert re.search(r"<title>[^<]* · Halaman 2 dari 12</title>", second)
    assert '<p class="page-number">Halaman 2 dari 12</p>' in second
    assert '<p class="days">' in second  # the month's days are a way in from every page of it
    first = (site / "timeline/2023-06.html").read_text(encoding="utf-8")
    assert "page-number" not in first and "Halaman 1 dari 12</title>" not in first
    assert "Halaman 3 dari 12</title>" in (site / "index/3.html").read_text(encoding="utf-8")
    assert check_site(site) == []


def test_an_entity_seen_first_in_an_estimated_date_says_so_to_its_precision(tmp_path):
    site = build(tmp_path, {
        # no date given: the text supports only a month, and the date is marked as estimated
        "banjir.md": "---\ntitle: Banjir di Medan\n---\nBanjir merendam Medan sejak awal Maret 2022. "
                     "Wali Kota Bobby Nasution meninjau lokasi.\n",
        "pasar.md": "---\ntitle: Pasar baru\ndate: 2022-05-02\n---\nWali Kota Bobby Nasution membuka pasar di Medan.\n",
    })
    html = (site / "entities" / "bobby-nasution.html").read_text(encoding="utf-8")
    first, last = re.search(r"Pertama disebut (.*?) · Terakhir disebut (.*?)</p>", html).groups()
    assert re.fullmatch(r'Maret 2022 <span class="badge" title="[^"]+">perkiraan</span>', first)  # not "1 Maret 2022"
    assert last == "2 Mei 2022"


def test_an_entity_chart_says_how_many_mentions_undated_articles_leave_out(tmp_path):
    files = {"dated.md": "---\ntitle: Bertanggal\ndate: 2024-03-06\n---\nWarga Surabaya menyambut Presiden.\n",
             "undated.md": "---\ntitle: Tanpa tanggal\n---\nBanjir di Surabaya. Surabaya bersiaga.\n"}
    site = build(tmp_path, files)
    html = (site / "entities" / "surabaya.html").read_text(encoding="utf-8")
    caption = html.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0]
    assert "3 sebutan" in html and caption == "Sebutan per bulan · 2 sebutan dalam artikel tanpa tanggal tidak masuk grafik"
    (tmp_path / "other").mkdir()
    dated_only = build(tmp_path / "other", {"dated.md": files["dated.md"]})
    html = (dated_only / "entities" / "surabaya.html").read_text(encoding="utf-8")
    assert html.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0] == "Sebutan per bulan"


def test_a_month_chart_says_the_year_under_its_first_month_and_each_january(tmp_path):
    files = {f"k{n}.md": f"---\ntitle: K{n}\ndate: {day}\n---\nWarga Surabaya menyambut Presiden.\n"
             for n, day in enumerate(["2023-11-06", "2024-02-01"])}
    html = (build(tmp_path, files) / "entities" / "surabaya.html").read_text(encoding="utf-8")
    chart = html.split('<svg class="chart', 1)[1].split("</svg>", 1)[0]
    labels = re.findall(r"<text x=\"[\d.]+\" y=\"([\d.]+)\" text-anchor=\"middle\">([^<]+)</text>", chart)
    lines = sorted({y for y, _ in labels}, key=float)
    assert [text for y, text in labels if y == lines[0]] == ["Nov", "Des", "Jan", "Feb"]
    assert [text for y, text in labels if y == lines[1]] == ["2023", "2024"]  # under Nov and Jan


def test_an_entity_page_quotes_an_article_past_the_headline_it_derived(tmp_path):
    clipping = ("Warga Surabaya menyambut kedatangan Presiden di pelabuhan. Hujan turun sejak pagi.\n"
                "Menurut panitia, Surabaya sudah bersiap sejak sepekan lalu.\n")
    only_in_headline = "Warga Medan mengungsi ke masjid. Hujan belum juga reda di kota itu.\n"
    site = build(tmp_path, {"sambut.txt": clipping, "ungsi.txt": only_in_headline})
    html = (site / "entities" / "surabaya.html").read_text(encoding="utf-8")
    [quote] = re.findall(r'<blockquote class="quote"><a [^>]+>(.*?)</a>', html)
    assert quote == "Menurut panitia, Surabaya sudah bersiap sejak sepekan lalu."  # not the headline again
    medan = (site / "entities" / "medan.html").read_text(encoding="utf-8")
    assert "Warga Medan mengungsi ke masjid</a>" in medan and 'class="quote"' not in medan
    # a cut headline: a name said past the cut is quoted from there
    cut = ("Pemerintah daerah bersama relawan dan aparat keamanan mengevakuasi ratusan warga yang terjebak banjir, "
           "kata Wali Kota Bandung kepada wartawan. Hujan reda.\n")
    (tmp_path / "cut").mkdir()
    site = build(tmp_path / "cut", {"evakuasi.txt": cut})
    html = (site / "entities" / "bandung.html").read_text(encoding="utf-8")
    assert "mengevakuasi ratusan warga yang…</a>" in html
    assert re.findall(r'<blockquote class="quote"><a [^>]+>(.*?)</a>', html) == [
        "…terjebak banjir, kata Wali Kota Bandung kepada wartawan."]


def test_a_name_wrapped_onto_the_next_line_of_markdown_is_linked_whole(tmp_path):
    md = ("---\ntitle: Taman baca\ndate: 2024-03-12\n---\nRelawan di Sleman, Daerah Istimewa\n"
          "Yogyakarta, memindai koran *lama*\ndan arsip warga.\n")
    html = (build(tmp_path, {"taman.md": md}) / "articles" / "taman.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="entity entity-place" href="[^"]*yogyakarta\.html">Daerah Istimewa\nYogyakarta</a>', html)
    assert "memindai koran <em>lama</em>\ndan arsip warga." in html  # the soft break is still a line break
