"""The recognizer of unknown names: training on silver labels, the model file, and what it finds."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpnews_tags import Analyzer
from jpnews_tags.cli import main
from jpnews_tags.ner.recognizer import LABELS, LinearModel, ModelError, Recognizer
from jpnews_tags.training import TrainOptions, train_recognizer

# Invented names: none is a word Sudachi or the shipped dictionaries know.
COMPANIES = ["ゼノバイト", "クオリタス", "Vexlora", "ブルーフィンテック", "Zentrix", "モルガナイト", "Astrivo"]
PRODUCTS = ["Lumora", "フェルミナ", "Quillex", "ソラリス・ワン", "Nexaro", "カルデラ"]
NEW_COMPANIES = ["ドラグニア", "Velquor"]
NEW_PRODUCTS = ["Ostrana"]
SENTENCES_ORG = [
    "{x}は新しいサービスを発表した。",
    "米{x}が大型の資金調達を発表した。",
    "{x}のCEOは記者会見で今後の戦略を語った。",
    "{x}と提携すると発表した。",
    "スタートアップの{x}は東京に拠点を開設した。",
]
SENTENCES_PRODUCT = [
    "新しいAIモデル「{x}」を公開した。",
    "{x}を使えば文書の要約が簡単になる。",
    "{x}に新機能が搭載された。",
    "ユーザーは{x}で画像を生成できる。",
]


def write_corpus(folder: Path, companies: list[str], products: list[str], posts: int = 30, seed: int = 0) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    fillers = ["データセンターの需要は大きい。", "市場は拡大している。", "クラウドの利用が増えた。"]
    for n in range(posts):
        lines = []
        for _ in range(8):
            if rng.random() < 0.6:
                lines.append(rng.choice(SENTENCES_ORG).format(x=rng.choice(companies)))
            else:
                lines.append(rng.choice(SENTENCES_PRODUCT).format(x=rng.choice(products)))
            lines.append(rng.choice(fillers))
        (folder / f"post-{n:02d}.md").write_text(f"---\ntitle: 記事{n}\n---\n" + "\n".join(lines) + "\n", "utf-8")


def write_dictionary(path: Path, companies: list[str], products: list[str]) -> Path:
    entries = [f"  - {{id: org-{i}, name: {c}, label: ORG, kind: company}}" for i, c in enumerate(companies)]
    entries += [f"  - {{id: product-{i}, name: {p}, label: PRODUCT, kind: product}}" for i, p in enumerate(products)]
    path.write_text("entries:\n" + "\n".join(entries) + "\n", "utf-8")
    return path


def corpus_texts(folder: Path) -> list[dict[str, str]]:
    from jpnews_tags.documents import read_document

    return [{"text": d.body, "title": d.title or ""} for d in map(read_document, sorted(folder.glob("*.md")))]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, LinearModel]:
    root = tmp_path_factory.mktemp("recognizer")
    write_corpus(root / "posts", COMPANIES, PRODUCTS)
    dictionary = write_dictionary(root / "names.yaml", COMPANIES, PRODUCTS)
    silver = Analyzer([dictionary], package_dictionaries=False, recognizer=False, use_config=False)
    model, report = train_recognizer(silver, corpus_texts(root / "posts"), TrainOptions(dims=1 << 16, holdout=0.0))
    assert report.documents == 30 and report.positives > 100
    path = root / "model.npz"
    model.save(path)
    return root, path, model


def plain_analyzer(model: Path, threshold: float = 0.5) -> Analyzer:
    """An analyzer that knows no names and discovers none: whatever it finds, the recognizer found."""
    empty = model.parent / "empty.yaml"
    empty.write_text("entries: []\n", "utf-8")
    return Analyzer(
        [empty], package_dictionaries=False, use_config=False, discovery=False, model=model,
        recognizer_threshold=threshold,
    )  # fmt: skip


def test_learns_contexts_not_the_list(trained: tuple[Path, Path, LinearModel]) -> None:
    """Names it never saw, in the contexts it learned: a company that acts, a product that is used."""
    _, path, _ = trained
    a = plain_analyzer(path)
    text = (
        "米ドラグニアが大型の資金調達を発表した。新しいAIモデル「Ostrana」を公開した。"
        "Velquorは新しいサービスを発表した。"
    )
    got = {(e.text, e.label) for e in a.analyze(text).entities if e.source == "model"}
    assert {("ドラグニア", "ORG"), ("Ostrana", "PRODUCT"), ("Velquor", "ORG")} <= got
    assert all(e.id is None and 0 < e.confidence <= 1 for e in a.analyze(text).entities if e.source == "model")


def test_no_recognizer_no_model_entities(trained: tuple[Path, Path, LinearModel]) -> None:
    _, path, _ = trained
    empty = path.parent / "empty.yaml"
    empty.write_text("entries: []\n", "utf-8")
    a = Analyzer([empty], package_dictionaries=False, use_config=False, model=path, recognizer=False)
    assert not [e for e in a.analyze("米ドラグニアが大型の資金調達を発表した。").entities if e.source == "model"]


def test_threshold_is_an_option(trained: tuple[Path, Path, LinearModel]) -> None:
    _, path, _ = trained
    text = "米ドラグニアが大型の資金調達を発表した。"
    strict = plain_analyzer(path, threshold=1.01)
    assert not [e for e in strict.analyze(text).entities if e.source == "model"]


def test_dictionary_entities_win(trained: tuple[Path, Path, LinearModel]) -> None:
    """Where the dictionary names something, the recognizer adds nothing that overlaps it."""
    root, path, _ = trained
    a = Analyzer([root / "names.yaml"], package_dictionaries=False, use_config=False, model=path)
    ents = a.analyze("米ゼノバイトが大型の資金調達を発表した。ゼノバイトドラグニアも続いた。").entities
    known = [e for e in ents if e.source == "gazetteer"]
    assert known and all(not (m.start < k.end and k.start < m.end) for m in ents if m.source == "model" for k in known)


def test_training_is_deterministic(tmp_path: Path) -> None:
    write_corpus(tmp_path / "posts", COMPANIES, PRODUCTS, posts=8, seed=1)
    dictionary = write_dictionary(tmp_path / "names.yaml", COMPANIES, PRODUCTS)
    silver = Analyzer([dictionary], package_dictionaries=False, recognizer=False, use_config=False)
    blobs = []
    for k in range(2):
        model, _ = train_recognizer(silver, corpus_texts(tmp_path / "posts"), TrainOptions(dims=1 << 14, epochs=2))
        model.save(tmp_path / f"m{k}.npz")
        blobs.append((tmp_path / f"m{k}.npz").read_bytes())
    assert blobs[0] == blobs[1]


def test_hidden_tokens_are_whole_tokens() -> None:
    """A name to hide is found by its key on token boundaries only: 日本 in 日本/企業, not in 日本語; the placeholder
    replaces its word in the features of the names around it."""
    from jpnews_tags.ner.recognizer.features import RegionFeatures
    from jpnews_tags.text.normalization import key
    from jpnews_tags.text.tokenization import Tokenizer
    from jpnews_tags.training.silver import hidden_tokens

    tok = Tokenizer()
    text = "日本企業のゼノバイトと日本語のOpen AIを比べた"
    tokens = tok.tokenize(text)
    names = frozenset({key("日本"), key("OpenAI")})
    hidden = hidden_tokens(text, tokens, names, 8)
    words = [text[tokens.rows[t][0] : tokens.rows[t][1]] for t in sorted(hidden)]
    assert words == ["日本", "Open", " ", "AI"] or words == ["日本", "Open", "AI"]
    feats = RegionFeatures(text, tokens, tok.is_oov)
    feats.hidden = hidden
    zeno = next(t for t in range(len(tokens)) if text[tokens.rows[t][0] : tokens.rows[t][1]] == "ゼノバイト")
    region = [f for fs in feats.region(zeno, zeno + 1) for f in fs]
    assert "Lw=<hidden>" in region and not any("日本" in f and "日本語" not in f for f in region)


def test_excluded_names_are_never_seen(tmp_path: Path) -> None:
    """--exclude-names hides those names: no example of them is left, and no feature spells them."""
    write_corpus(tmp_path / "posts", COMPANIES, PRODUCTS, posts=6, seed=2)
    dictionary = write_dictionary(tmp_path / "names.yaml", COMPANIES, PRODUCTS)
    silver = Analyzer([dictionary], package_dictionaries=False, recognizer=False, use_config=False)
    texts = corpus_texts(tmp_path / "posts")
    _, full = train_recognizer(silver, texts, TrainOptions(dims=1 << 14, epochs=1, holdout=0.0))
    _, cut = train_recognizer(
        silver, texts, TrainOptions(dims=1 << 14, epochs=1, holdout=0.0, exclude_names=frozenset(COMPANIES))
    )
    assert cut.stats["left out: a region with an excluded name"] > 0
    assert cut.positives < full.positives


def test_model_file_is_checked(trained: tuple[Path, Path, LinearModel], tmp_path: Path) -> None:
    _, path, model = trained
    again = LinearModel.load(path)
    assert np.array_equal(again.buckets, model.buckets) and np.array_equal(again.weights, model.weights)
    # an altered weight: the checksum says so
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["weights"] = arrays["weights"].copy()
    arrays["weights"][0, 0] ^= 1
    bad = tmp_path / "altered.npz"
    np.savez(bad, **arrays)
    with pytest.raises(ModelError, match="checksum"):
        LinearModel.load(bad)
    # a model of other features is refused, not silently wrong
    meta = json.loads(bytes(arrays["meta"]).decode())
    meta["feature_version"] = -1
    arrays["weights"][0, 0] ^= 1
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez(tmp_path / "old.npz", **arrays)
    with pytest.raises(ModelError, match="retrain"):
        LinearModel.load(tmp_path / "old.npz")
    # pickled objects are never loaded
    np.savez(tmp_path / "pickled.npz", buckets=np.array([object()], dtype=object))
    with pytest.raises(ModelError):
        LinearModel.load(tmp_path / "pickled.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelError):
        LinearModel.load(tmp_path / "junk.npz")


def test_quantization_keeps_the_decisions(trained: tuple[Path, Path, LinearModel]) -> None:
    """int8 weights give the same labels as the float weights they came from (on random feature rows)."""
    _, _, model = trained
    rng = np.random.default_rng(0)
    dense = np.zeros((model.dims, len(LABELS)), dtype=np.float32)
    dense[model.buckets] = model.weights.astype(np.float32) * model.scale
    rows = [rng.choice(model.buckets, size=40).tolist() for _ in range(200)]
    exact = np.stack([dense[r].sum(axis=0) for r in rows])
    assert (exact.argmax(axis=1) == model.scores(rows).argmax(axis=1)).mean() == 1.0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(
        alphabet=st.sampled_from(list("米がはのをとにで「」、。 ・&-AZaz09アイウエオカキクケコンーゼノバイト発表東京")),
        max_size=80,
    )
)
def test_offsets_hold_on_any_text(trained: tuple[Path, Path, LinearModel], text: str) -> None:
    model = trained[2]
    from jpnews_tags.text.tokenization import Tokenizer

    tok = Tokenizer()
    for e in Recognizer(model, tok, threshold=0.0).recognize(text, tok.tokenize(text), []):
        assert text[e.start : e.end] == e.text and e.end > e.start


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = main(list(argv), out=out, err=err)
    return rc, out.getvalue(), err.getvalue()


def test_train_command_end_to_end(tmp_path: Path) -> None:
    """A user's folder of Markdown posts in, a model out, used with --model."""
    write_corpus(tmp_path / "site" / "_posts", COMPANIES, PRODUCTS, posts=20, seed=3)
    dictionary = write_dictionary(tmp_path / "names.yaml", COMPANIES, PRODUCTS)
    model = tmp_path / "house.npz"
    rc, out, err = run_cli(
        "train", str(tmp_path / "site"), "-o", str(model), "--dict", str(dictionary), "--no-package-dict",
        "--buckets", "16", "--holdout", "0.2",
    )  # fmt: skip
    assert rc == 0, err
    assert "20 documents" in out and model.is_file()
    post = tmp_path / "new.md"
    post.write_text("---\ntitle: 新会社\n---\n米ドラグニアが大型の資金調達を発表した。\n", "utf-8")
    empty = tmp_path / "empty.yaml"
    empty.write_text("entries: []\n", "utf-8")
    rc, out, err = run_cli(
        "analyze", str(post), "--dict", str(empty), "--no-package-dict", "--no-discovery", "--model", str(model)
    )
    assert rc == 0, err
    ents = json.loads(out)["entities"]
    assert {"text": "ドラグニア", "label": "ORG", "source": "model"}.items() <= next(
        e for e in ents if e["text"] == "ドラグニア"
    ).items()


def test_train_command_refuses_bad_input(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    rc, _, err = run_cli("train", str(tmp_path / "empty"), "-o", str(tmp_path / "m.npz"))
    assert rc == 2 and "jpnews-tags:" in err and not (tmp_path / "m.npz").exists()
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"junk")
    post = tmp_path / "p.md"
    post.write_text("AWSが発表した。\n", "utf-8")
    rc, _, err = run_cli("analyze", str(post), "--model", str(junk))
    assert rc == 2 and "model error" in err and "Traceback" not in err


def test_a_recognized_name_takes_its_version(tmp_path: Path) -> None:
    """The rules that lengthen a known name (Cisco -> Cisco Talos) run on the recognizer's names too."""
    from jpnews_tags.ner.recognizer.features import hash_features

    w = np.zeros((1 << 12, len(LABELS)), dtype=np.float32)
    w[hash_features(["oov=1"], 1 << 12)[0], LABELS.index("B-PRODUCT")] = 5.0
    path = tmp_path / "oov.npz"
    LinearModel.from_dense(w).save(path)
    nlp = Analyzer(use_config=False, model=path)
    found = [(e.text, e.label) for e in nlp.analyze("ソニーはQuillex Studioを公開した。").entities]
    assert ("Quillex Studio", "PRODUCT") in found and ("Quillex", "PRODUCT") not in found


def test_a_name_goes_on_through_a_likely_continuation() -> None:
    """NTT|データ: データ is O by a hair (0.56) and I-ORG 0.44: the name goes on; a token at I-ORG 0.1 ends it."""
    from jpnews_tags.ner.recognizer.model import CONTINUE_AT

    def row(**p: float) -> list[float]:
        out = [0.0] * len(LABELS)
        for k, v in p.items():
            out[LABELS.index(k.replace("_", "-"))] = v
        return out

    model = LinearModel.from_dense(np.zeros((16, len(LABELS)), dtype=np.float32))
    likely = np.array([row(B_ORG=0.95, O=0.05), row(O=0.56, I_ORG=0.44)], dtype=np.float32)
    unlikely = np.array([row(B_ORG=0.95, O=0.05), row(O=1 - CONTINUE_AT / 2, I_ORG=CONTINUE_AT / 2)], dtype=np.float32)
    [span] = model.decode(likely, [True, True], 0.0)
    assert (span.start, span.end, span.type) == (0, 2, "ORG") and span.confidence == pytest.approx(
        (0.95 + 0.44) / 2, abs=1e-3
    )
    [span] = model.decode(unlikely, [True, True], 0.0)
    assert (span.start, span.end) == (0, 1)


def test_a_recognized_name_is_never_cut_out_of_a_hyphenated_word() -> None:
    from jpnews_tags.ner.recognizer import _name_like

    text = "AI-RANとCA-1 Europaを発表"
    assert not _name_like(text, 3, 6)  # RAN of AI-RAN
    assert not _name_like(text, 10, 18)  # 1 Europa of CA-1 Europa
    assert _name_like(text, 0, 6) and _name_like(text, 7, 18)


def _context_model(tmp_path: Path, feature: str, label: str) -> Path:
    """A model that says ``label`` where ``feature`` is, and nothing elsewhere (zero weights: O wins the tie)."""
    from jpnews_tags.ner.recognizer.features import hash_features

    w = np.zeros((1 << 12, len(LABELS)), dtype=np.float32)
    w[hash_features([feature], 1 << 12)[0], LABELS.index(label)] = 5.0
    path = tmp_path / "context.npz"
    LinearModel.from_dense(w).save(path)
    return path


def _company_everywhere(tmp_path: Path) -> Analyzer:
    """An analyzer with no entries and no discovery whose model reads every token it looks at as a company."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("entries: []\n", "utf-8")
    model = _context_model(tmp_path, "bias", "B-ORG")
    return Analyzer([empty], package_dictionaries=False, use_config=False, discovery=False, model=model)


def _one_entry_dictionary(tmp_path: Path) -> Path:
    folder = tmp_path / "dict"
    folder.mkdir()
    (folder / "one.yaml").write_text(
        "entries:\n  - {id: sony, name: Sony, label: ORG, kind: company, aliases: [ソニー]}\n", encoding="utf-8"
    )
    return folder


def test_the_model_overrules_a_place_read_from_sudachi_alone(tmp_path: Path) -> None:
    """アマゾン is a 地名 to Sudachi (the river), so discovery reads it as a place; where the model reads the company
    (アマゾンは…発表した), its reading replaces the place; where it reads nothing, the place stays."""
    from jpnews_tags.ner.recognizer import overrulable

    model = _context_model(tmp_path, "R1=は", "B-ORG")
    folder = _one_entry_dictionary(tmp_path)
    nlp = Analyzer([folder], package_dictionaries=False, use_config=False, model=model)
    found = [(e.text, e.label, e.source) for e in nlp.analyze("アマゾンは新しい倉庫を発表した。").entities]
    assert ("アマゾン", "ORG", "model") in found
    found = [(e.text, e.label, e.source) for e in nlp.analyze("アマゾンの熱帯雨林が縮んでいる。").entities]
    assert found == [("アマゾン", "LOC", "discovery")]
    without = Analyzer([folder], package_dictionaries=False, use_config=False, recognizer=False)
    assert [(e.text, e.label) for e in without.analyze("アマゾンは新しい倉庫を発表した。").entities] == [
        ("アマゾン", "LOC")
    ]
    place = nlp.analyze("アマゾンの熱帯雨林").entities[0]
    assert overrulable(place)
    assert not overrulable(place.model_copy(update={"source": "gazetteer", "id": "amazon-river"}))
    assert not overrulable(place.model_copy(update={"label": "ORG"}))


@pytest.mark.parametrize("model", [False, True])
def test_a_company_word_after_a_place_read_from_sudachi_alone_makes_it_the_company(tmp_path: Path, model: bool) -> None:
    """A place has no subsidiaries and no CEO: アマゾン (a river to Sudachi) before 傘下 is the company, at every
    mention of the text (a headline and its summary, news style), whatever the model read at the other mention;
    a place before a product's words (の新モデル) or company words a place also takes (社会, 本社) stays a place."""
    folder = _one_entry_dictionary(tmp_path)
    recognizer = {"model": _context_model(tmp_path, "R1=の", "B-LOC")} if model else {"recognizer": False}
    nlp = Analyzer([folder], package_dictionaries=False, use_config=False, **recognizer)  # type: ignore[arg-type]
    text = "アマゾン傘下の食品スーパーのCEO、会議の削減を指示\nスミス氏は、アマゾンの方針を支持している。"
    assert [(e.text, e.label) for e in nlp.analyze(text).entities if e.text == "アマゾン"] == [("アマゾン", "ORG")] * 2
    text = "パタゴニアの新モデルの風車。パタゴニアの自然。パタゴニア社会の変化。パタゴニア本社の人。"
    found = nlp.analyze(text).entities
    assert [(e.text, e.label) for e in found] == [("パタゴニア", "LOC")] * 4


def test_a_recognized_company_takes_the_head_of_a_longer_name(tmp_path: Path) -> None:
    """The nested-name rule runs on the recognizer's names: a company and a research institute's head are one
    organization (ゼノバイト人間情報研究所), not the company alone."""
    model = _context_model(tmp_path, "oov=1", "B-ORG")
    nlp = Analyzer([_one_entry_dictionary(tmp_path)], package_dictionaries=False, use_config=False, model=model)
    found = [(e.text, e.label) for e in nlp.analyze("ゼノバイト人間情報研究所の山田さんが解説した。").entities]
    assert ("ゼノバイト人間情報研究所", "ORG") in found and ("ゼノバイト", "ORG") not in found


def test_names_found_are_context_for_a_second_pass(tmp_path: Path) -> None:
    """A list: the model reads Zenovia as a company only next to a company (dR=ORG); Kovalent is one by itself
    (oov and R1=が). Kovalent found, Zenovia next to it is read again with it as its neighbour."""
    from jpnews_tags.ner.recognizer.features import hash_features
    from jpnews_tags.text.tokenization import Tokenizer

    w = np.zeros((1 << 12, len(LABELS)), dtype=np.float32)
    w[hash_features(["RL1=、"], 1 << 12)[0], LABELS.index("B-ORG")] = 5.0
    w[hash_features(["dR=ORG"], 1 << 12)[0], LABELS.index("B-ORG")] = 5.0
    tok = Tokenizer()
    text = "例えばZenovia、Kovalentが参入した。"
    rec = Recognizer(LinearModel.from_dense(w), tok)
    assert [e.text for e in rec.recognize(text, tok.tokenize(text), [])] == ["Zenovia", "Kovalent"]
    rec.second_pass = False
    assert [e.text for e in rec.recognize(text, tok.tokenize(text), [])] == ["Kovalent"]


def test_a_kanji_common_word_is_never_a_recognized_name(tmp_path: Path) -> None:
    """市場 of 日本市場 is in the region of the proper noun 日本; the model may label it, it is no name."""
    model = _context_model(tmp_path, "bias", "B-ORG")  # every token a company
    nlp = Analyzer([_one_entry_dictionary(tmp_path)], package_dictionaries=False, use_config=False, model=model)
    assert "市場" not in [e.text for e in nlp.analyze("AWSが日本市場に投資する。").entities]


def test_kanji_common_words_sudachi_calls_a_proper_noun_are_never_a_recognized_name(tmp_path: Path) -> None:
    """神経細胞, 慢性疾患 (corpus: まるで神経細胞のように, 慢性疾患の管理): Sudachi lists the compound as a proper noun,
    its words are common words: a term, not a name; a compound ending in a head of names stays the model's to
    read (中小企業銀行: 銀行 in heads.yaml), and so does a kanji name with a proper noun in it (塩野義)."""
    model = _context_model(tmp_path, "bias", "B-ORG")  # every token a company
    nlp = Analyzer([_one_entry_dictionary(tmp_path)], package_dictionaries=False, use_config=False, model=model)
    found = [e.text for e in nlp.analyze("まるで神経細胞のように、慢性疾患の管理にAWSを使う。").entities]
    assert "神経細胞" not in found and "慢性疾患" not in found
    found = [e.text for e in nlp.analyze("中小企業銀行と塩野義がAWSを使う。").entities]
    assert "中小企業銀行" in found and "塩野義" in found


def test_a_katakana_common_word_after_a_latin_one_is_never_a_recognized_name(tmp_path: Path) -> None:
    """イノベーション of SKイノベーション (a corpus sentence): the end of a longer name, no name alone; a katakana
    word that is no common word there is still the model's to read."""
    model = _context_model(tmp_path, "bias", "B-ORG")  # every token a company
    nlp = Analyzer([_one_entry_dictionary(tmp_path)], package_dictionaries=False, use_config=False, model=model)
    found = [e.text for e in nlp.analyze("冷却ソリューションはSKイノベーション、そしてSKゼノバイトが担う。").entities]
    assert "イノベーション" not in found
    assert "ゼノバイト" in found or "SKゼノバイト" in found


def _oov_company_model() -> tuple[LinearModel, Any, str, Any]:
    """A model that reads every word Sudachi does not know as a company, its tokenizer, and a text with one."""
    from jpnews_tags.ner.recognizer.features import hash_features
    from jpnews_tags.text.tokenization import Tokenizer

    w = np.zeros((1 << 10, len(LABELS)), dtype=np.float32)
    w[hash_features(["oov=1"], 1 << 10)[0], LABELS.index("B-ORG")] = 5.0
    tok = Tokenizer()
    text = "ゼノバイトが新製品を発表した。"
    return LinearModel.from_dense(w), tok, text, tok.tokenize(text)


def test_calibration_leaves_out_names_silver_cannot_know() -> None:
    """The confidence is calibrated on held-out spans against what training is taught: a name the model finds
    where the dictionary knows nothing (a word Sudachi does not know, no entity over it) has no known truth and
    is not counted as wrong; one silver labels otherwise, or a term (a string left uncovered in many documents),
    is."""
    from jpnews_tags.models import Entity
    from jpnews_tags.training import _calibration_pairs

    model, tok, text, tokens = _oov_company_model()
    opts = TrainOptions()
    unknown = [(text, tokens, [])]
    assert _calibration_pairs(model, unknown, tok.is_oov, tok.is_common_word, opts)[0] == []
    raw, right, types = _calibration_pairs(
        model, unknown, tok.is_oov, tok.is_common_word, opts, frozenset({"ゼノバイト"})
    )
    assert right == [False] and types == ["ORG"] and raw[0] > 0.9
    as_product = Entity(start=0, end=5, text="ゼノバイト", label="PRODUCT", kind="product", canonical="ゼノバイト",
                        id="p", confidence=1.0, source="gazetteer")  # fmt: skip
    assert _calibration_pairs(model, [(text, tokens, [as_product])], tok.is_oov, tok.is_common_word, opts)[1] == [False]
    as_org = as_product.model_copy(update={"label": "ORG", "kind": "company"})
    assert _calibration_pairs(model, [(text, tokens, [as_org])], tok.is_oov, tok.is_common_word, opts)[1] == [True]


def test_calibration_leaves_out_what_training_left_out() -> None:
    """A model trained without some names (``exclude_names``, ``exclude_ids``: the unseen-name evaluation's and
    the cross-validation's models) is calibrated without them too: a held-out region holding one of them taught
    nothing, so whether the model reads it right says nothing of the names it was taught."""
    from dataclasses import replace

    from jpnews_tags.models import Entity
    from jpnews_tags.training import _calibration_pairs

    model, tok, text, tokens = _oov_company_model()
    as_product = Entity(start=0, end=5, text="ゼノバイト", label="PRODUCT", kind="product", canonical="ゼノバイト",
                        id="p", confidence=1.0, source="gazetteer")  # fmt: skip
    heldout = [(text, tokens, [as_product])]
    opts = TrainOptions()
    assert _calibration_pairs(model, heldout, tok.is_oov, tok.is_common_word, opts)[1] == [False]
    for hidden in (replace(opts, exclude_names=frozenset({"ゼノバイト"})), replace(opts, exclude_ids=frozenset({"p"}))):
        assert _calibration_pairs(model, heldout, tok.is_oov, tok.is_common_word, hidden) == ([], [], [])
    # another name excluded: this region is still counted
    other = replace(opts, exclude_names=frozenset({"アクメ"}), exclude_ids=frozenset({"q"}))
    assert _calibration_pairs(model, heldout, tok.is_oov, tok.is_common_word, other)[1] == [False]


def test_a_name_never_starts_or_ends_with_a_function_word() -> None:
    """The model may read "Go to" (of Go to Travelキャンペーン) as a name; a span whose first or last word is a
    lower-case English function word (``latin_function_words``) is a piece of a phrase, not a name, while the
    words inside a name are its own (Lord of the Rings)."""
    from jpnews_tags.ner.recognizer.features import hash_features
    from jpnews_tags.text.tokenization import Tokenizer

    w = np.zeros((1 << 12, len(LABELS)), dtype=np.float32)
    w[hash_features(["first=True"], 1 << 12)[0], LABELS.index("B-PRODUCT")] = 6.0
    w[hash_features(["bias"], 1 << 12)[0], LABELS.index("I-PRODUCT")] = 3.0
    tok = Tokenizer()
    rec = Recognizer(LinearModel.from_dense(w), tok)
    rec.not_edges = frozenset({"to", "of", "the"})
    phrase, name = "対象はGo toだけだ。", "Lord of the Ringsを観た。"
    assert [e.text for e in rec.recognize(phrase, tok.tokenize(phrase), [])] == []
    assert [e.text for e in rec.recognize(name, tok.tokenize(name), [])] == ["Lord of the Rings"]
    rec.not_edges = frozenset()
    assert [e.text for e in rec.recognize(phrase, tok.tokenize(phrase), [])] == ["Go to"]
    assert Analyzer(use_config=False).recognizer.not_edges >= {"to", "of", "the"}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("小型モジュール炉（SMR）の開発にも強い関心を示している。", []),  # a term and its gloss
        ("マネーロンダリング防止（AML）や顧客確認（KYC）の分野でも使われる。", []),
        ("さらにはASI（人工超知能）へのロードマップを描く。", []),
        ("World Labsが目指す大規模世界モデル（LWMs）は、", []),  # a plural acronym
        ("企業、特に中小企業（SME）の負担を軽減する。", []),  # a kind of company: 企業 is no head
        ("特に生成AI（AIGC）への投資は急速に拡大している。", []),
        ("医薬品・医療製品規制庁（MHRA）が運用する制度。", ["MHRA"]),  # a government body: 庁 is a head
        ("国際エネルギー機関（IEA）の報告によると、", ["IEA"]),  # 機関 (term_gloss_heads)
        ("テレイグジスタンス株式会社（TX）と提携した。", ["TX"]),  # a legal form
        ("一般社団法人産業競争力懇談会（COCN）の活動に参画する。", ["COCN"]),  # 法人 inside the gloss
        ("一般データ保護規則（GDPR）に準拠する。", ["GDPR"]),  # a regulation: 規則
        ("データセンター全体の電力使用効率（PUE）の改善はもちろん、", []),  # 電力, a head, is a modifier here
        ("東京電力（TEPCO）の発表によると、", ["TEPCO"]),  # a gloss ending in a head
        ("ネットワークオペレーティングシステム (NOS) アプローチをサポートしている点です。", []),  # a space before it
        ("ZXQは新製品を発表した。", ["ZXQ"]),  # no gloss
        ("建設現場向けにVLM（Vision-Language Model）を投入した。", []),  # English common words
        ("ZDR（Zero Data Retention）によってデータは保存されない。", []),
        ("共同開発した「大規模行動モデル（LAM：Large Action Model）」は、", []),  # first in brackets, a colon after it
        ("説明可能性（XAI: Explainable AI）が求められる。", []),
        ("説明可能なAI（XAI）のような技術への理解を深める。", []),  # a kanji adjective with な before Latin words
        ("高精度な研磨（CMP）、洗浄、エッチングといった前工程", []),  # the words alone gloss it: 研磨
        ("国際エネルギー機関（IEA：International Energy Agency）の報告", ["IEA"]),
        ("CDU（Coolant Distribution Units）が冷却の中核となる。", []),  # a plural's singular is a common word
        ("IEA（International Energy Agency）の報告によると、", ["IEA"]),  # Agency names an organization
        ("NIST（National Institute of Standards and Technology）が公表した。", ["NIST"]),  # Institute, anywhere
        ("METR（Model Evaluation & Threat Research）が公表した。", ["METR"]),  # a sign: a name's spelling
        ("XQZR（Xqzr Quantum Research）を設立した。", ["XQZR"]),  # a word the tokenizer does not know
        # (corpus sentences) an English gloss before the brackets, a space between and longer than a kanji one
        ("「Good Machine Learning Practice (GMLP)」の実践要求や、", []),
        ("Adobeは**Content Authenticity Initiative (CAI)**を通じて、", ["CAI"]),  # Initiative names
    ],
)
def test_an_acronym_glossed_by_common_words_is_a_term(tmp_path: Path, text: str, kept: list[str]) -> None:
    """However sure the model is that an acronym is a company, one glossed in brackets by common words is a term
    (the way terms are introduced); one glossed by a phrase ending in the head of an organization is a name."""
    model = _context_model(tmp_path, "sh=A", "B-ORG")  # every all-caps token a company
    empty = tmp_path / "empty.yaml"
    empty.write_text("entries: []\n", "utf-8")
    nlp = Analyzer([empty], package_dictionaries=False, use_config=False, discovery=False, model=model)
    assert [e.text for e in nlp.analyze(text).entities if e.source == "model" and e.text.isascii()] == kept


@pytest.mark.parametrize(
    ("text", "word", "kept"),
    [
        ("It's become a true arms race, and you can't afford to fall behind.", "arms", False),  # English prose
        ("They're more than just numbers – they represent a real shift.", "numbers", False),
        ("NTTがtsuzumiを公開した。", "tsuzumi", True),  # a name in lower case in Japanese text
        ("Companies like Aurascape are launching with new tools.", "Aurascape", True),  # capitalized in prose
    ],
)
def test_a_word_in_lower_case_in_english_prose_is_no_name(tmp_path: Path, text: str, word: str, kept: bool) -> None:
    """However sure the model is, a word in lower case in English prose is a word (the model learned from Japanese
    text, where a Latin word stands out); in Japanese text, or capitalized, it may be a name."""
    model = _context_model(tmp_path, "bias", "B-ORG")  # every token a company
    empty = tmp_path / "empty.yaml"
    empty.write_text("entries: []\n", "utf-8")
    nlp = Analyzer([empty], package_dictionaries=False, use_config=False, discovery=False, model=model)
    assert (word in [e.text for e in nlp.analyze(text).entities if e.source == "model"]) is kept


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("厳しい納期が求められるVFX業界は過酷だ。VFX制作にもたらす変革は大きい。", []),  # an industry: every mention
        ("ZXQ市場の動向を見ると、ZXQは伸びている。", ["ZXQ", "ZXQ"]),  # not 市場: a bloc or a brand has a market
        ("このAgentic AIがBFSIセクターにもたらす変化は大きい。", []),
        ("PropTech分野、特にAIを活用した物件管理に注目している。", []),
        ("特にBtoB領域でのソリューションが伸びている。", []),
        ("VFX業界は、時に過酷な労働環境に陥りがちです。", []),
        ("NECのExpEther技術が、今後のAIを変える。", ["NEC", "ExpEther"]),  # a named technology: 技術 is not a field
        ("ZXQ社はAI市場に参入した。ZXQは新製品を発表した。", ["ZXQ", "ZXQ"]),  # 社 before 市場: the market is AI's
        ("NeoVFXは新製品を出した。VFX業界も伸びている。", ["NeoVFX"]),  # VFX業界 is not a mention of NeoVFX
        ("「ZXQ」という概念が広がり、ZXQを導入する例も増えた。", []),  # a concept, quoted alone
        ("DataZXQという考え方が広がった。", []),
        ("「Ask ZXQ」という概念を掲げ、ZXQの機能を増やした。", ["ZXQ"]),  # the concept is the phrase, not ZXQ
        ("「ZXQ」という名前の会社がある。「ZXQ」という概念とは別だ。", ["ZXQ", "ZXQ"]),  # called a company too
        ("「Xweather」という言葉を聞いて思い浮かぶもの。", ["Xweather"]),  # a brand is a word too: not 言葉
        # an acronym shown as a kind of technology at one of its mentions (corpus sentences): a term at every one
        ("GAAトランジスタやバックサイドパワーデリバリーが進む。GAAの量産も始まった。", []),
        ("彼らのDIMC技術は新しい芽だ。DIMCは推論の効率を上げる。", []),
        ("HBM3eメモリの需要が伸び、HBM3eの供給が逼迫した。", []),
        ("ZXQは伸びた。ZXQ技術が注目される。", []),
        ("ZxqLabs技術が注目される。ZxqLabsは伸びた。", ["ZxqLabs", "ZxqLabs"]),  # no acronym: a named technology
        ("ZXQ社の新技術。ZXQは伸びた。", ["ZXQ", "ZXQ"]),  # 社 first: not the word right after the name
        # a name quoted alone as what one holds up (corpus sentences): a slogan or a strategy at every mention
        # (LayerXが掲げる「Bet AI」という行動指針, JDSCが掲げる「UPGRADE JAPAN」のミッション)
        ("LayerXが掲げる「Zxqtra」という行動指針は、まさに。「Zxqtra」は、単に", ["LayerX"]),
        ("JDSCが掲げる「Zxqtra」のミッションは", ["JDSC"]),
        ("Microsoftが提唱する「Zxqtra」のような", ["Microsoft", "Zxqtra"]),  # 提唱: products are proposed too
        ("ZXQが掲げるZxqtraは", ["ZXQ", "Zxqtra"]),  # not quoted
        # a name quoted before な and a word (corpus: 「Soulful」なメッセージ, 「AI-native」な世界): a quality
        ("より「Zxqtra」なアウトプットを生み出す。「Zxqtra」は難しい。", []),
        ("「Zxqtra」なる構想を発表した。", ["Zxqtra"]),  # なる: "called Zxqtra", a name
        ("「Zxqtra」など", ["Zxqtra"]),
    ],
)
def test_a_name_shown_as_a_field_is_a_term(tmp_path: Path, text: str, kept: list[str]) -> None:
    """However sure the model is that a word is a company, one written right before 業界, 分野, セクター or 領域, or
    called a concept (``term_field_heads``) at one of its mentions is a term at every mention of that text; so is an
    acronym written right before a kind of technology (``acronym_term_heads``: GAAトランジスタ, DIMC技術), a name
    quoted alone as what one holds up (``term_verbs_before``: 掲げる「Bet AI」), and one quoted as a quality
    (「Soulful」なメッセージ)."""
    nlp = _company_everywhere(tmp_path)
    assert [e.text for e in nlp.analyze(text).entities if e.source == "model" and e.text.isascii()] == kept


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # corpus sentences: the recognizer read BFSI (banking, financial services, insurance) as a law
        ("このAgentic AIの真価は、BFSIセクターの枠を超えて波及する。BFSIのような業界では最優先です。", []),
        ("ZXQ法は施行された。", ["ZXQ"]),  # no field word: the law stays
    ],
)
def test_a_law_shown_as_a_field_is_a_term(tmp_path: Path, text: str, kept: list[str]) -> None:
    """A field word shows a name the model reads as a law to be a term, as it does a company or a product."""
    model = _context_model(tmp_path, "sh=A", "B-LAW")  # every all-caps token a law
    empty = tmp_path / "empty.yaml"
    empty.write_text("entries: []\n", "utf-8")
    nlp = Analyzer([empty], package_dictionaries=False, use_config=False, discovery=False, model=model)
    assert [e.text for e in nlp.analyze(text).entities if e.source == "model"] == kept


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("「ZXQ」という会社が参入した。ZXQは伸びている。", "ORG"),  # quoted alone, then the kind
        ("ZXQというスタートアップが参入した。", "ORG"),
        ("「ZXQ」という名前の企業がある。ZXQは伸びた。", "ORG"),
        ("ZXQというスタートアップ向けの仕組みを使う。ZXQは伸びている。", "PRODUCT"),  # 向け: for startups
    ],
)
def test_the_kind_said_after_a_quoted_name_labels_it(tmp_path: Path, text: str, label: str) -> None:
    """A name found without the dictionary that the words after one of its mentions call a company (という会社,
    closing quote first when quoted alone) is a company at every mention; not before 向け."""
    model = _context_model(tmp_path, "bias", "B-PRODUCT")  # every token it looks at a product
    empty = tmp_path / "empty.yaml"
    empty.write_text("entries: []\n", "utf-8")
    nlp = Analyzer([empty], package_dictionaries=False, use_config=False, discovery=False, model=model)
    found = {e.label for e in nlp.analyze(text).entities if e.text == "ZXQ"}
    assert found == {label}


def test_an_english_gloss_that_is_a_name_makes_the_acronym_a_name(tmp_path: Path) -> None:
    """An English gloss of common words is a term's (ZDR（Zero Data Retention）), unless the gloss is a name found
    in the text (a company named in common words: Advanced Micro Devices（AMD）): then the acronym is its."""
    model = _context_model(tmp_path, "sh=A", "B-ORG")  # every all-caps token a company
    folder = tmp_path / "dict"
    folder.mkdir()
    (folder / "one.yaml").write_text(
        "entries:\n  - {id: amd, name: Advanced Micro Devices, label: ORG, kind: company}\n", encoding="utf-8"
    )
    nlp = Analyzer([folder], package_dictionaries=False, use_config=False, discovery=False, model=model)
    text = "Advanced Micro Devices（AMD）は新しいチップを発表した。ZDR（Zero Data Retention）にも対応する。"
    found = [(e.text, e.source) for e in nlp.analyze(text).entities]
    assert ("AMD", "model") in found and ("Advanced Micro Devices", "gazetteer") in found
    assert not any(t == "ZDR" for t, _ in found)
    empty = tmp_path / "empty.yaml"
    empty.write_text("entries: []\n", "utf-8")
    bare = Analyzer([empty], package_dictionaries=False, use_config=False, discovery=False, model=model)
    assert "AMD" not in [e.text for e in bare.analyze(text).entities]  # no name there: common words only


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("ハードウェア企業のio Productsを買収した。Luxが発表した。", ["Lux"]),  # corpus sentences
        ("市場への影響（Effect of the use）を検討する。", []),
        ("Copilot for Financeがもたらす変化。", ["Copilot"]),  # not Finance
    ],
)
def test_a_common_english_word_beside_another_latin_word_is_no_name(tmp_path: Path, text: str, kept: list[str]) -> None:
    """One English common word the model reads as a name, with another Latin word right before or after it (a
    space or a full stop between), is a word of an English phrase or a piece of a longer name: io Products, Effect
    of the use, Copilot for Finance. A capitalized common word alone (Lux) is the model's to read."""
    model = _context_model(tmp_path, "sh=Aa", "B-ORG")  # every capitalized word a company
    empty = tmp_path / "empty.yaml"
    empty.write_text("entries: []\n", "utf-8")
    nlp = Analyzer([empty], package_dictionaries=False, use_config=False, discovery=False, model=model)
    assert [e.text for e in nlp.analyze(text).entities] == kept


def test_a_recognized_name_made_longer_is_still_the_models_reading(tmp_path: Path) -> None:
    """The recognizer reads Zorblax as a product and a rule makes it Zorblax Quantum: that longer name is still the
    model's reading (its source and confidence), so the one reading per text follows the rule's own evidence, the
    startup named in apposition, not the model's guess written three times (corpus: Atlantic Quantum, KaKa
    Creation)."""
    from jpnews_tags.text.tokenization import Tokenizer

    key = Tokenizer().tokenize("Zorblax").keys[0]
    model = _context_model(tmp_path, f"w={key}", "B-PRODUCT")
    empty = tmp_path / "empty.yaml"
    empty.write_text("entries: []\n", "utf-8")
    nlp = Analyzer([empty], package_dictionaries=False, use_config=False, model=model)
    alone = nlp.analyze("今回のZorblax Quantumの統合は大きい。").entities
    assert [(e.text, e.label, e.source) for e in alone] == [("Zorblax Quantum", "PRODUCT", "model")]
    text = (
        "MIT発のスタートアップであるZorblax Quantumのチームが加わった。今回のZorblax Quantumの統合は大きい。"
        "Zorblax Quantumの技術は高精度だ。Zorblax Quantumの回路も優れている。"
    )
    ents = [e for e in nlp.analyze(text).entities if e.text == "Zorblax Quantum"]
    assert len(ents) == 4 and {e.label for e in ents} == {"ORG"}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # (corpus sentences) acronyms with one lower-case letter, glossed by common words: terms
        ("動画生成モデルとしてMixture-of-Experts（MoE）アーキテクチャを導入している。", []),
        ("高耐圧の窒化ガリウム（GaN）パワー半導体の新製品です。", []),
        ("医療機器プログラム（SaMD）として承認された。", []),
        # a word in capitals longer than an acronym is a name written so, whatever precedes it
        (
            "デジタルツインプラットフォーム「PEGAVERSE」やデジタルツイン（PEGAVERSE）を活用する。",
            ["PEGAVERSE", "PEGAVERSE"],
        ),
    ],
)
def test_an_acronym_with_a_lower_case_letter_glossed_by_common_words_is_a_term(
    tmp_path: Path, text: str, kept: list[str]
) -> None:
    """Acronyms are written with a lower-case letter too (MoE, GaN, SaMD): glossed by common words, they are terms
    like SMR; a word in capitals longer than seven letters is no acronym."""
    nlp = _company_everywhere(tmp_path)
    assert [e.text for e in nlp.analyze(text).entities if e.source == "model" and e.text.isascii()] == kept


def test_a_name_listed_as_a_kind_of_product_keeps_the_reading_the_model_gave_it_elsewhere(tmp_path: Path) -> None:
    """The product-examples rule runs late and names only strings the text does not name otherwise: Zorbla, a
    company where the model reads it (Zorblaは), listed later as a kind of platform, stays the company (else one
    reading per text would prefer the rule's product over the model's company at every mention)."""
    model = _context_model(tmp_path, "R1=は", "B-ORG")
    nlp = Analyzer([_one_entry_dictionary(tmp_path)], package_dictionaries=False, use_config=False, model=model)
    found = nlp.analyze("Zorblaは新機能を発表した。Zorblaのようなプラットフォームが広がる。").entities
    assert [(e.text, e.label) for e in found] == [("Zorbla", "ORG")] * 2
    found = nlp.analyze("Zorblaのようなプラットフォームが広がる。").entities
    assert [(e.text, e.label, e.source) for e in found] == [("Zorbla", "PRODUCT", "discovery")]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # corpus sentences: the recognizer read a word of a katakana run joined by ・ as a company
        ("アンメット・メディカル・ニーズの高い領域。ゼノバイトは伸びた。", ["ゼノバイト"]),
        ("投資促進機関であるインベスト・ニュージーランドが支援に乗り出し", []),
        ("ゼノバイトとクラフタの提携", ["ゼノバイト", "クラフタ"]),  # no ・: names of their own
    ],
)
def test_a_word_of_a_dotted_katakana_run_is_no_name_of_its_own(tmp_path: Path, text: str, kept: list[str]) -> None:
    """However sure the model is, a katakana word joined by ・ to more katakana (アンメット of アンメット・メディカル・
    ニーズ, インベスト of インベスト・ニュージーランド) is a piece of a longer name or term: not output alone."""
    nlp = _company_everywhere(tmp_path)
    assert [e.text for e in nlp.analyze(text).entities if e.source == "model"] == kept
