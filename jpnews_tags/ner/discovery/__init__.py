"""Discovery: names the dictionary does not know, found by patterns, marked ``source="discovery"``.

Every rule has one signature: it takes a :class:`~.context.Context` (the text, its tokens, the entities so far,
the cue lists, a common-word test) and returns the entities it finds. :data:`RULES` is the one ordered list of
them, in the spirit of spaCy's pipeline components; :func:`discover` runs it. Rules of the first pass see the
dictionary's and the rule layer's entities; rules marked ``second_pass`` see those and every first-pass find
(a surname after a full name that a rule found, an abbreviation after a found name). The order matters only where
two rules find the same span: the earlier one's entity is kept when overlaps are resolved.

The rules, by module:

- :mod:`.names`: longer Latin names that begin with a known one (Claude Sonnet 4.6, Cisco Talos), model codes
  (エアバスA321XLR), sibling and versioned product names (CG-2, Zeta-2.5 Flash), events with their year (CES2026).
- :mod:`.products`: quoted Latin names (「Lux」), names introduced by a kind of product or work (AIモデル「Apertus」,
  **A.I. Square**というイニシアチブ, AIツールであるFinmile), model names after 新型 (新型エアバスA321XLR).
- :mod:`.organizations`: companies by apposition, head (ゼノバイトのCEO), legal form, industry word, business or
  head office, country prefix (米Altium社) or 社.
- :mod:`.lists`: names listed with known companies (日本製鉄、ニトリ、ドンキ) or right before a company's word
  (グーグル、アマゾン、セールスフォースで働いた).
- :mod:`.people`: people by given names, honorifics, titles and Sudachi person POS; later surname mentions.
- :mod:`.places`: places Sudachi tags 地名 as whole words (川崎, 河南省, 重慶 + 市).
- :mod:`.brackets`: abbreviations and readings in brackets (Metal Performance Shaders（MPS）, Apertus（アペルタス）).
- :mod:`.policies`: policies named after a place (東京都AI戦略, LAW).
- :mod:`.events`: events introduced as one (イベント「...」) or written with a year in an event's context
  (COMPUTEX 2026ブース), the same event later without its year, and numbered editions (第1回因果フォーラム).
- :mod:`.laws`: laws named as laws are (AI Act, 個人情報保護法, 反トラスト法) and acronyms where only a law can be
  (GDPRに準拠).
- :mod:`.heads`: longer names built on a place or an organization and a head (日本社会党, 福岡地方裁判所, 成田空港),
  clubs named after their town (秋田ノーザンハピネッツ, ヴィッセル神戸, FCユトレヒト), companies named by a proper
  noun and their industry (星野商店, 南海鉄道), and ministries and agencies by their suffix alone (米司法省,
  著作権庁).

Discovered entities have ``id`` null (except surname links and bracketed forms of a known entity), a lower
confidence, and never beat a dictionary entity of the same span. The cue words live in ``dictionaries/cues/``
(``person.yaml``, ``rules.yaml``, ``names.yaml``). Every rule is linear in the length of the text, also on
adversarial input (tests/ner/discovery/test_linear.py).

Example:
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> tok = Tokenizer()
    >>> cues = PersonCues(given_names=frozenset({"ジェレミー"}), honorifics=("氏",), titles=("CEO",))
    >>> text = "ジェレミー・シーゲル教授と山根康宏氏。シーゲルは語った。"
    >>> [(e.text, e.canonical) for e in discover(text, tok.tokenize(text), [], cues)]
    [('ジェレミー・シーゲル', 'ジェレミー・シーゲル'), ('山根康宏', '山根康宏'), ('シーゲル', 'ジェレミー・シーゲル')]
    >>> [r.name for r in RULES][:3]
    ['latin-extensions', 'model-codes', 'service-names']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ...lexicon.resources import shipped_head_cues, shipped_name_cues
from ...lexicon.schema import HeadCues, NameCues, PersonCues, RuleCues
from ...models import Entity
from ...text.tokenization import Tokens
from . import brackets, events, heads, laws, lists, names, organizations, people, places, policies, products
from .context import Context, DiscoveryRule, Rule

__all__ = ["LATE_RULES", "NAME_EXTENSIONS", "RULES", "Context", "DiscoveryRule", "PersonCues", "Rule", "discover"]

#: The discovery rules, in the order they run.
RULES: tuple[DiscoveryRule, ...] = (
    DiscoveryRule("latin-extensions", names.extend_latin_names),
    DiscoveryRule("model-codes", names.model_codes),
    DiscoveryRule("service-names", names.service_names),
    DiscoveryRule("sibling-versions", names.sibling_versions),
    DiscoveryRule("quoted-names", products.quoted_names),
    DiscoveryRule("introduced-products", products.introduced_names),
    DiscoveryRule("new-models", products.new_models),
    DiscoveryRule("versioned-names", names.versioned_names),
    DiscoveryRule("org-apposition", organizations.apposition),
    DiscoveryRule("org-kanji-apposition", organizations.kanji_apposition),
    DiscoveryRule("org-heads", organizations.heads_of),
    DiscoveryRule("org-legal-forms", organizations.legal_forms),
    DiscoveryRule("org-industry", organizations.industry_names),
    DiscoveryRule("org-described", organizations.described_companies),
    DiscoveryRule("org-country-prefix", organizations.country_prefixed),
    DiscoveryRule("org-sha", organizations.named_with_sha),
    DiscoveryRule("org-examples", organizations.examples_of_companies),
    DiscoveryRule("org-subjects", organizations.company_subjects),
    DiscoveryRule("events-introduced", events.introduced),
    DiscoveryRule("events-with-years", events.with_years),
    DiscoveryRule("laws", laws.laws),
    DiscoveryRule("people", people.people),
    DiscoveryRule("places", places.places),
    DiscoveryRule("surname-links", people.link_surnames, second_pass=True),
    DiscoveryRule("brackets", brackets.bracketed_names, second_pass=True),
    DiscoveryRule("event-editions", names.event_editions, second_pass=True),
    DiscoveryRule("policies", policies.policy_names, second_pass=True),
    DiscoveryRule("events-without-years", events.without_years, second_pass=True),
    DiscoveryRule("numbered-editions", events.numbered_editions, second_pass=True),
    DiscoveryRule("nested-names", heads.nested_names, second_pass=True),
    DiscoveryRule("clubs", heads.clubs, second_pass=True),
    DiscoveryRule("named-companies", heads.named_companies, second_pass=True),
    DiscoveryRule("government-bodies", heads.government_bodies, second_pass=True),
    DiscoveryRule("glossed-organizations", heads.glossed_organizations, second_pass=True),
    DiscoveryRule("org-spaced-subsidiaries", organizations.spaced_subsidiaries, second_pass=True),
    DiscoveryRule("org-heads-named", organizations.heads_named, second_pass=True),
    DiscoveryRule("org-partners", organizations.partners, second_pass=True),
    DiscoveryRule("org-subsidiaries", organizations.subsidiaries, second_pass=True),
    DiscoveryRule("org-list-mates", lists.companies_listed, second_pass=True),
    DiscoveryRule("org-lists-with-company-words", lists.companies_sharing_a_word, second_pass=True),
    DiscoveryRule("owned-names", products.owned_names, second_pass=True),
)

#: The rules that build on a name found before them, lengthening it (CES -> CES 2026, エアバス -> エアバスA321XLR,
#: NTT -> NTT人間情報研究所) or naming what it owns (NTT「tsuzumi 2」): run again on the recognizer's names, which
#: come after every other rule.
#: Rules the analyzer runs once every other stage has named what it names, the recognizer included, and whose names
#: it adds only where nothing else found one and for strings the text does not name elsewhere: a company listed as a
#: kind of platform (Olasのようなプラットフォーム) stays the company the recognizer reads at its other mentions,
#: instead of one reading per text making it a product.
LATE_RULES: tuple[DiscoveryRule, ...] = (DiscoveryRule("product-examples", products.examples_of_products),)

NAME_EXTENSIONS: tuple[DiscoveryRule, ...] = tuple(
    r for r in RULES if r.name in ("latin-extensions", "model-codes", "service-names", "nested-names", "owned-names")
)


def discover(
    text: str,
    tokens: Tokens,
    entities: Sequence[Entity],
    cues: PersonCues,
    rule_cues: RuleCues | None = None,
    is_common: Callable[[str], bool] | None = None,
    name_cues: NameCues | None = None,
    *,
    head_cues: HeadCues | None = None,
    is_new_word: Callable[[str], bool] | None = None,
    rules: Sequence[DiscoveryRule] = RULES,
) -> list[Entity]:
    """New candidate entities (to be merged with ``entities`` by overlap resolution), rule by rule.

    ``is_common`` tells words the tokenizer knows as common nouns (ハブ, データセンター), which are never company names.
    ``name_cues`` default to the shipped ones. The second pass sees the first pass's finds as they stand when
    its first rule runs.
    """
    ctx = Context(
        text,
        tokens,
        entities,
        cues,
        rule_cues or RuleCues(),
        name_cues or shipped_name_cues(),
        is_common,
        head_cues or shipped_head_cues(),
        is_new_word,
    )
    found: list[Entity] = []
    second: Context | None = None
    for rule in rules:
        if rule.second_pass:
            if second is None:
                second = replace(ctx, entities=sorted([*entities, *found], key=lambda e: e.start))
            found += rule.find(second)
        else:
            found += rule.find(ctx)
    return found
