"""``jpnews-tags serve``: the API (the library's models and schema, errors, the size limit, one analyzer per
worker), a real two-worker server, and the editor's page in headless Chromium (skipped without
``/usr/bin/chromium``)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from jpnews_tags import Analysis, Analyzer
from jpnews_tags.documents.document import analyze_document
from jpnews_tags.enrich.plan import EnrichOptions, enrich_text

from ..conftest import CHROMIUM_FLAGS, ROOT

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from jpnews_tags.serve import create_app
from jpnews_tags.serve.app import WORKER_HEADER

POST = (ROOT / "examples" / "hugo-nvidia-blackwell.md").read_text(encoding="utf-8")
ZENN = '---\ntitle: "エヌビディアのBlackwell"\nemoji: "😸"\ntype: "tech"\ntopics: []\npublished: false\n---\n'
BODY = POST.split("+++\n")[2]


@pytest.fixture(scope="module")
def loads() -> list[int]:
    return []


@pytest.fixture(scope="module")
def client(analyzer: Analyzer, loads: list[int]) -> Iterator[TestClient]:
    def load() -> Analyzer:
        loads.append(os.getpid())
        return analyzer

    with TestClient(create_app(load, max_bytes=64 * 1024)) as c:
        yield c


def test_health_names_the_worker_and_the_versions(client: TestClient, analyzer: Analyzer) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "worker": os.getpid(), "versions": analyzer.versions.model_dump()}
    assert r.headers[WORKER_HEADER] == str(os.getpid())


def test_analyze_is_the_librarys_analysis_of_the_whole_post(client: TestClient, analyzer: Analyzer) -> None:
    r = client.post("/analyze", json={"text": POST})
    assert r.status_code == 200
    got = Analysis.model_validate(r.json())
    assert got == analyze_document(analyzer, POST)
    assert all(POST[e.start : e.end] == e.text for e in got.entities)  # offsets index the text sent
    assert got.title == "エヌビディア、次世代GPU「Blackwell」の出荷を開始"


def test_tags_with_and_without_a_preset(client: TestClient, analyzer: Analyzer) -> None:
    plain = client.post("/tags", json={"text": POST}).json()
    assert plain["tags"] == [t.model_dump(mode="json") for t in analyze_document(analyzer, POST).tags]
    assert plain["preset"] is None and plain["left_out"] == []
    zenn = client.post("/tags", json={"text": POST, "preset": "zenn"}).json()
    assert 1 <= len(zenn["tags"]) <= 5
    assert all(t["tag"] == t["tag"].lower() and " " not in t["tag"] for t in zenn["tags"])


def test_enrich_returns_the_edited_post_its_diff_and_front_matter(client: TestClient, analyzer: Analyzer) -> None:
    post = ZENN + BODY
    r = client.post("/enrich", json={"text": post, "preset": "zenn"})
    assert r.status_code == 200
    body = r.json()
    expected = enrich_text(post, analyzer, EnrichOptions(preset="zenn"))
    assert body["text"] == expected.text and body["status"] == "changed" and body["key"] == "topics"
    assert body["diff"] == expected.diff() and body["diff"].count("\n-topics: []\n") == 1
    assert body["front_matter"] == expected.text[: expected.text.index("---\n", 4) + 4]
    again = client.post("/enrich", json={"text": body["text"], "preset": "zenn"}).json()
    assert again["status"] == "unchanged" and again["diff"] == ""
    bare = client.post("/enrich", json={"text": BODY, "add_front_matter": "yaml"}).json()
    assert bare["front_matter"].startswith("---\ntags:\n") and bare["text"].endswith(BODY)
    assert client.post("/enrich", json={"text": BODY}).json()["status"] == "skipped"


@pytest.mark.parametrize(
    ("path", "body", "status", "error"),
    [
        ("/analyze", b'{"text": ', 400, "the body is not valid JSON"),
        ("/analyze", b"[]", 422, "body: Input should be a valid dictionary or object to extract fields from"),
        ("/analyze", {"txt": "x"}, 422, "text: Field required (and 1 more)"),
        ("/analyze", {"text": " \n"}, 422, "text: empty text"),
        ("/tags", {"text": "x", "preset": "wordpress"}, 422, "preset: Input should be 'zenn', 'qiita', 'hugo', "),
        ("/enrich", {"text": "---\ntags: {a: 1}\n---\nAWS"}, 422, "'tags' holds a dict, not a list or a string"),
        ("/enrich", {"text": "+++\ntags = []\n+++\nAWS", "preset": "zenn"}, 422, "Zenn reads yaml front matter, no"),
        ("/enrich", {"text": "x", "max_new": -1}, 422, "max_new: Input should be greater than or equal to 0"),
        ("/nowhere", {"text": "x"}, 404, "Not Found"),
    ],
)
def test_bad_requests_get_a_one_line_4xx(
    client: TestClient, path: str, body: bytes | dict[str, object], status: int, error: str
) -> None:
    if isinstance(body, bytes):
        r = client.post(path, content=body, headers={"content-type": "application/json"})
    else:
        r = client.post(path, json=body)
    assert r.status_code == status
    assert set(r.json()) == {"error"} and r.json()["error"].startswith(error)
    assert client.get("/analyze").status_code == 405


def test_a_body_over_the_limit_is_refused_announced_or_streamed(client: TestClient) -> None:
    big = json.dumps({"text": "あ" * 40_000}).encode()  # 120 KB of UTF-8 over a 64 KiB limit
    r = client.post("/analyze", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json() == {"error": "request body over 65,536 bytes"}

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(big), 8192):
            yield big[i : i + 8192]

    r = client.post("/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json() == {"error": "request body over 65,536 bytes"}
    assert client.post("/analyze", json={"text": "あ" * 1000}).status_code == 200  # the worker is fine after


def test_the_analyzer_is_loaded_once_however_many_requests(client: TestClient, loads: list[int]) -> None:
    for _ in range(5):
        assert client.post("/tags", json={"text": "AWSの発表"}).status_code == 200
    assert loads == [os.getpid()]


def test_openapi_uses_the_librarys_models_and_the_published_copy_is_current(client: TestClient) -> None:
    """The component schemas are the library's, but for ``"default": null``, which FastAPI leaves out."""
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    library = Analysis.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, schema in library.pop("$defs").items():
        assert schemas[name] == without_null_defaults(schema), name
    assert schemas["Analysis"] == without_null_defaults(library)
    assert spec["paths"]["/analyze"]["post"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Analysis"
    }
    published = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert published == spec, "regenerate: jpnews-tags serve --openapi > docs/openapi.json"


def without_null_defaults(schema: object) -> object:
    if isinstance(schema, dict):
        return {k: without_null_defaults(v) for k, v in schema.items() if not (k == "default" and v is None)}
    if isinstance(schema, list):
        return [without_null_defaults(v) for v in schema]
    return schema


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from jpnews_tags.cli.main import main

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    err = io.StringIO()
    assert main(["serve"], io.StringIO(), err) == 2
    assert err.getvalue() == (
        "jpnews-tags: serve: needs the serve extra (uvicorn is missing): pip install 'jpnews-tags[serve]'\n"
    )


# --- a real server: two worker processes, then the page in a browser ---------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    cmd = [sys.executable, "-m", "jpnews_tags", "serve", "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline, workers = time.monotonic() + 180, set()
        while len(workers) < 2:  # /health answers once a worker's analyzer is loaded: wait for both workers
            if time.monotonic() > deadline:
                pytest.fail(f"the server's two workers did not both start (answered: {workers})")
            try:
                with urllib.request.urlopen(url + "/health", timeout=2) as r:
                    workers.add(r.headers[WORKER_HEADER])
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _tags(url: str, text: str) -> tuple[str, list[str]]:
    req = urllib.request.Request(
        url + "/tags", data=json.dumps({"text": text}).encode(), headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.headers[WORKER_HEADER], [t["tag"] for t in json.load(r)["tags"]]


def test_two_workers_answer_concurrent_requests_alike(server: str, analyzer: Analyzer) -> None:
    texts = [POST, ZENN + BODY, "OpenAIとMicrosoftの提携。", "トヨタ自動車の決算発表。"] * 6
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda t: _tags(server, t), texts))
    for text, (_, tags) in zip(texts, answers, strict=True):
        assert tags == [t.tag for t in analyze_document(analyzer, text).tags]
    assert len({worker for worker, _ in answers}) == 2  # both workers served


def serve_doc_examples() -> list[str]:
    doc = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", doc, re.S)
    return [line[2:] for block in blocks for line in block.splitlines() if line.startswith("$ curl ")]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_examples_of_the_docs_run(server: str) -> None:
    examples = serve_doc_examples()
    assert len(examples) == 4
    for line in examples:
        argv = [a.replace("http://127.0.0.1:8000", server) for a in shlex.split(line)]
        res = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=True)
        answer = json.loads(res.stdout)
        assert "error" not in answer, (line, answer)
    assert answer["status"] == "changed" and answer["tags"] == ["半導体", "nvidia", "blackwell"]


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()), reason="no /usr/bin/chromium (apt chromium)")
def test_the_editors_page_highlights_entities_and_suggests_tags(server: str, tmp_path: Path) -> None:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=str(CHROMEDRIVER)))
    try:
        driver.get(server + "/")
        assert driver.title == "jpnews-tags 編集者ページ"
        area = driver.find_element(By.ID, "article")
        driver.execute_script("arguments[0].value = arguments[1]", area, ZENN)  # the header, pasted
        area.send_keys(BODY)  # the body, typed
        driver.find_element(By.CSS_SELECTOR, "#preset option[value=zenn]").click()
        driver.find_element(By.ID, "run").click()
        # choosing the preset already ran the analysis; the click may start a second run: wait for the last answer
        WebDriverWait(driver, 60).until(
            lambda d: (
                d.find_element(By.TAG_NAME, "body").get_attribute("data-busy") == "false"
                and d.find_elements(By.CSS_SELECTOR, "#tags li[data-tag]")
            )
        )
        marks = driver.find_elements(By.CSS_SELECTOR, "#highlighted mark")
        by_text = {m.text: (m.get_attribute("data-label"), m.get_attribute("title")) for m in marks}
        assert by_text["エヌビディア"] == ("ORG", "NVIDIA（組織 · company）")
        assert by_text["Blackwell"][0] == "PRODUCT" and by_text["Blackwell"][1].startswith("NVIDIA Blackwell（製品")
        tags = [li.get_attribute("data-tag") for li in driver.find_elements(By.CSS_SELECTOR, "#tags li[data-tag]")]
        assert "nvidia" in tags and len(tags) <= 5
        assert "topics: [" in driver.find_element(By.ID, "front-matter").text
        driver.find_element(By.ID, "copy-tags").click()
        WebDriverWait(driver, 10).until(lambda d: "コピーしました" in d.find_element(By.ID, "status").text)
        shot = os.environ.get("JPNEWS_TAGS_SCREENSHOT")
        if shot:  # docs/serve.md's picture: JPNEWS_TAGS_SCREENSHOT=docs/editor-page.png pytest -k editors
            driver.execute_script("window.scrollTo(0, 0)")
            driver.save_screenshot(shot)
    finally:
        driver.quit()
