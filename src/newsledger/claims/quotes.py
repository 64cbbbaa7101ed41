"""Reported statements read off the parse: cue, speaker words and content of each.

This module holds the finders that look at tokens. Given the cue table of `cues`
(`load_cues()`), they read statements off the dependency parse: a reporting verb whose
subject is the speaker and whose complement is the content ("Armenpress said seven
civilians ... had been killed"), "according to X, ...", trailers ("..., Reuters
writes"), light verbs with a cue noun ("made the offer", "reiterated calls for"),
quotations attributed in the same or the next sentence, dash quotes ("– ..., says the
NUPI researcher") and paragraphs that are one quotation. Each finding is a `Found`:
character spans into the text, the speaker still words.

It stands apart from `claims` because this is where the parse is read, and it is most
of the work; `claims` turns findings into records (speakers resolved to actors,
denials linked, conflicts, figure attribution) without looking at tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..nlp import doc_text
from .cues import Cue, CueBook

PREVIOUS = (-1, -1)  # speaker placeholder: the speaker of the claim just before

_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "acomp"})
_CONTENT_PREPS = frozenset({"as", "of", "for", "about", "against", "on", "over"})
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "acl", "conj", "pcomp", "prep"})
_TELL = frozenset("tell inform assure remind brief convey warn".split())
_NEGATIONS = frozenset({"not", "n't", "never", "neither", "nor", "no"})
_INANIMATE = frozenset(
    "fact law statement report datum figure video footage image picture evidence analysis study document "
    "letter source message word result count toll record it this that which what".split()
)
_OFFER = re.compile(r"^(?:\S+\s+){0,8}?(?:is|was|are|were|remains?|stands?|stood|be|'s)\s+(?:still\s+|also\s+)?"
                    r"(?:willing|ready|prepared)\s+(?:to|for)\b", re.I)
_DATELINE = re.compile(r"[A-Z][A-Z .'\-]+,[^\n–—]{0,40}?(?:\([^)\n]{1,30}\))?\s*[-–—]\s+")
_DASH_LINE = re.compile(r"^[ \t]*[–—-][ \t]+(?=\S)", re.M)
_QUOTES_OPEN = "“\"«"
_QUOTES_CLOSE = "”\"»"
_TRIM = " \t\n,;:–—-"
ANAPHORIC = frozenset("it this that them these those they".split())


@dataclass(frozen=True)
class Found:
    """A claim before its speaker is resolved: character spans into the text."""

    anchor: int
    evidence: tuple[int, int]
    content: tuple[int, int] | None
    speakers: tuple[tuple[int, int], ...]
    label: str
    stance: str
    inanimate: bool = False


def find_statements(doc: Doc, book: CueBook) -> list[Found]:
    """The statements of one parsed text, each kept inside its paragraph, in text order.

    Args:
        doc: the parse of the document's text.
        book: the cue table (`cues.load_cues()`).

    Returns:
        Findings sorted by the position of their cue, then by their evidence span.
    """
    trailers, used = _trailers(doc, book)
    found = [*trailers, *_verb_claims(doc, book, used), *_according_to(doc), *_bare_quotes(doc, book)]
    kept = [c for c in (_clamp(doc_text(doc), f) for f in found) if c is not None]
    kept.sort(key=lambda f: (f.anchor, f.evidence))
    return kept


# --- verb cues -----------------------------------------------------------------------------------


def _verb_claims(doc: Doc, book: CueBook, used: set[int]) -> list[Found]:
    out = []
    for tok in doc:
        if tok.i in used or tok.pos_ not in ("VERB", "AUX") or _negated(tok):
            continue
        hit = _verb_cue(tok, book)
        if hit is None:
            continue
        label, stance, content = hit
        subject = _subject(tok, book)
        if subject is None:
            continue
        span = _content_span(doc, tok, content, book)
        if span is None and stance != "deny":
            continue
        stance = _adjust_stance(doc, tok, stance, content, span, book)
        found = _found(doc, tok, subject, span, label, stance)
        if found is not None:
            out.append(found)
    return out


def _verb_cue(tok: Token, book: CueBook) -> tuple[str, str, list[Token]] | None:
    """The cue a verb makes, its stance and the tokens heading its content."""
    lemma = tok.lemma_.lower()
    kids = _content_kids(tok)
    if lemma in book.light_verbs:
        obj = next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in book.nouns), None)
        if obj is not None:
            cue = book.nouns[obj.lemma_.lower()]
            return cue.label, cue.stance, kids
    cue = book.verbs.get(lemma)
    if cue is None or lemma in ("quote", "cite") and any(c.lower_ == "as" for c in tok.children):
        return None
    deps = {c.dep_ for c in kids}
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    if cue.needs == "clause" and not deps & {"ccomp", "xcomp"} and _quote_near(tok.doc, tok) is None:
        return None
    if cue.needs == "content" and not kids and _quote_near(tok.doc, tok) is None:
        return None
    if cue.needs == "claim_object" and not (
        deps & {"ccomp"} or _as_phrase(tok) is not None or _claim_subject(tok, book) is not None
        or any(o.lemma_.lower() in book.claim_nouns or o.lower_ in ANAPHORIC for o in objects)
    ):
        return None
    if cue.needs == "for" and any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in tok.children):
        return cue.label, cue.stance, kids
    if cue.needs in ("for", "verdict"):
        return _verdict(tok, objects, book, cue)
    return cue.label, cue.stance, kids


def _verdict(tok: Token, objects: list[Token], book: CueBook, cue: Cue) -> tuple[str, str, list[Token]] | None:
    """'called the reports baseless', 'described the allegations as fabricated'."""
    predicate = [c for c in tok.children if c.dep_ == "oprd"
                 or c.dep_ in ("xcomp", "ccomp", "advcl") and c.pos_ in ("ADJ", "NOUN")
                 or c.dep_ == "advcl" and any(m.lower_ == "as" for m in c.children)]
    as_phrase = _as_phrase(tok)
    predicate += [as_phrase] if as_phrase is not None and as_phrase not in predicate else []
    if not objects or not predicate:
        return None
    false = any(t.lemma_.lower() in book.falsity or t.lower_ in book.falsity for p in predicate for t in p.subtree)
    denied = objects[0].lemma_.lower() in book.claim_nouns or objects[0].lower_ in ANAPHORIC
    label = cue.label.split()[0]
    return label, "deny" if false and denied else "accuse", [*objects, *predicate]


def _as_phrase(tok: Token) -> Token | None:
    """The 'as ...' of 'rejected the allegation as propaganda', on the verb or on its object."""
    for c in [tok, *(o for o in tok.children if o.dep_ == "dobj")]:
        found = next((a for a in c.children if a.lower_ == "as" and a.dep_ in ("prep", "mark")), None)
        if found is not None:
            return found
    return None


def _content_kids(tok: Token) -> list[Token]:
    kids = []
    for c in tok.children:
        clause = _clause_in_prep(c) if c.dep_ == "prep" else None
        if clause is not None:  # "said in a statement that ...": the parser hangs the clause on "statement"
            kids.append(clause)
        elif c.dep_ in _CONTENT_DEPS:
            kids.append(c)
        elif c.dep_ == "prep" and c.lower_ in _CONTENT_PREPS and not any(_is_date(t) for t in c.subtree):
            kids.append(c)
    return kids


def _clause_in_prep(prep: Token) -> Token | None:
    for noun in prep.children:
        for acl in noun.children:
            if acl.dep_ in ("acl", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in acl.children):
                return acl
    return None


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in _NEGATIONS and c.dep_ in ("advmod", "det")
               or c.lower_ == "nothing" and c.dep_ == "dobj" for c in tok.children)


# --- speakers and content ------------------------------------------------------------------------


def _subject(tok: Token, book: CueBook, depth: int = 0) -> Token | tuple[int, int] | None:
    """The token heading the speaker, PREVIOUS for 'it is stated', None when nobody speaks."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if subjects:
        if subjects[-1].tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
            return tok.head
        return _antecedent(tok, subjects[-1])
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    if agent is not None:
        return next((g for g in agent.children if g.dep_ == "pobj"), None)
    passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if passive:
        return PREVIOUS if passive[0].lower_ == "it" else None
    stray = [g for c in tok.lefts if c.dep_ in ("mark", "prep") for g in c.children if g.dep_ == "nsubj"]
    if stray:  # "while Prime Minister X during a visit said": the parser hung X on "while"
        return stray[-1]
    quoted = _quoted_source(tok)
    if quoted is not None:
        return quoted
    if tok.dep_ in _CLIMB_DEPS and tok.head is not tok and depth < 4:
        return _inherited_subject(tok, book, depth)
    return next((c for c in tok.lefts if c.dep_ in ("npadvmod", "dep", "nmod") and c.pos_ == "PROPN"), None)


def _quoted_source(tok: Token) -> Token | None:
    """'Interfax quoted a ministry source as saying ...': the source speaks, not the agency."""
    as_ = tok.head if tok.head.lower_ == "as" else None
    verb = as_.head if as_ is not None else None
    if verb is None or verb.lemma_.lower() not in ("quote", "cite"):
        return None
    return next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)  # "X was quoted as saying"


def _inherited_subject(tok: Token, book: CueBook, depth: int) -> Token | tuple[int, int] | None:
    """The subject a participle or coordinated verb shares: 'do not report X, but say Y', 'saying'.

    A cue hung on a verb inside a reported clause ("said clashes continued and reported
    deaths", "said both sides committed crimes, urging ...") belongs to the reporter more
    often than to the clause subject, so a common-noun subject of a non-reporting verb is
    passed over for the subject of the nearest reporting verb above.
    """
    head = tok.head
    if head.pos_ in ("NOUN", "PROPN", "ADP") and head.head is not head:
        head = head.head
    subject = _subject(head, book, depth + 1)
    if not isinstance(subject, Token) or _is_cue(head, book) or subject.pos_ in ("PROPN", "PRON") or subject.ent_type_:
        return subject
    above = next((a for a in head.ancestors if _is_cue(a, book)), None)
    return _subject(above, book, depth + 1) if above is not None else subject


def _is_cue(tok: Token, book: CueBook) -> bool:
    return tok.lemma_.lower() in book.verbs and tok.pos_ in ("VERB", "AUX")


def _antecedent(verb: Token, subject: Token) -> Token:
    """'a jet it said had been shot down': 'it' stands for the subject of the governing clause."""
    if subject.lower_ not in ("it", "they"):
        return subject
    for ancestor in verb.ancestors:
        for c in ancestor.children:
            if c.dep_ == "nsubj" and c.pos_ != "PRON" and c.i < subject.i:
                return c
    return subject


def _content_span(doc: Doc, tok: Token, kids: list[Token], book: CueBook) -> tuple[int, int] | None:
    if tok.dep_ == "relcl" and not any(c.dep_ == "dobj" for c in tok.children):
        noun = tok.head
        if noun.lemma_.lower() in book.claim_nouns:  # "a charge Damascus dismissed": the charge itself
            return _trim(doc_text(doc), noun.left_edge.idx, _end(noun))
        return _trim(doc_text(doc), noun.left_edge.idx, _end(noun.right_edge))
    if not kids:
        noun = _claim_subject(tok, book)
        return _trim(doc_text(doc), noun.left_edge.idx, _end(noun)) if noun is not None else _quote_near(doc, tok)
    own = [k for k in kids if not (k.dep_ == "ccomp" and _verb_cue(k, book) is not None
                                   and any(c.dep_ == "nsubj" and c.pos_ != "PRON" for c in k.children))]
    kids = own or kids  # another speaker's statement hung on this verb is not its content
    clause = [k for k in kids if k.dep_ == "ccomp"]
    if clause and tok.lemma_.lower() in _TELL:  # "told reporters that ...": the listener is not what was said
        kids = clause
    elif clause:  # "said on Telegram that ...": circumstances before the clause are not what was said
        kids = [k for k in kids if k.dep_ != "prep" or k.i > clause[0].i]
    first = min(kids, key=lambda k: k.left_edge.i).left_edge
    last = max(kids, key=lambda k: k.right_edge.i).right_edge
    tokens = list(doc[first.i:last.i + 1])
    while tokens and (_is_date(tokens[0]) or tokens[0].dep_ == "prep" and len(tokens) > 1 and _is_date(tokens[1])):
        tokens = tokens[1:]
    tokens = _before_other_statement(tokens, book)
    if not tokens:
        return None
    return _trim(doc_text(doc), _skip_that(doc_text(doc), tokens[0].idx), _end(tokens[-1]))


def _claim_subject(tok: Token, book: CueBook) -> Token | None:
    """'40 killed, a figure Azerbaijan disputed': the parser makes the figure a second subject."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    return next((c for c in subjects[:-1] if c.lemma_.lower() in book.claim_nouns), None)


def _before_other_statement(tokens: list[Token], book: CueBook) -> list[Token]:
    """Cut the content where another speaker's statement starts ('..., while Armenian officials said ...')."""
    for t in tokens[1:]:
        if t.dep_ in ("advcl", "conj", "relcl") and any(c.dep_ == "nsubj" for c in t.children) \
                and _verb_cue(t, book) is not None and t.left_edge.i > tokens[0].i:
            return [u for u in tokens if u.i < t.left_edge.i]
    return tokens


def _adjust_stance(doc: Doc, tok: Token, stance: str, kids: list[Token], span: tuple[int, int] | None,
                   book: CueBook) -> str:
    """Stance the content or the governing predicate implies: denials by 'the report was false', offers."""
    if stance != "assert":
        return stance
    for k in kids:
        if k.dep_ == "ccomp":
            subj = [c for c in k.children if c.dep_ in ("nsubj", "nsubjpass")]
            pred = [c for c in k.children if c.dep_ in ("acomp", "attr")]
            if subj and pred and subj[0].lemma_.lower() in book.claim_nouns and any(
                    t.lemma_.lower() in book.falsity for p in pred for t in p.subtree):
                return "deny"
    if span and _OFFER.match(doc_text(doc)[span[0]:span[1]]):
        return "offer"
    if tok.dep_ in ("advcl", "conj", "xcomp") and tok.tag_ == "VBG":  # "furious at X, saying ..."
        head = tok.head
        lemma = head.lemma_.lower()
        words = [lemma, *(f"{lemma} {c.lower_}" for c in head.children if c.dep_ in ("prt", "advmod")),
                 *(c.lemma_.lower() for c in head.children if c.dep_ == "acomp")]
        cues: list[Cue | None] = [book.carriers.get(w) or book.verbs.get(w) for w in words]
        if any(c is not None and c.stance == "accuse" for c in cues):
            return "accuse"
    return stance


def _found(doc: Doc, tok: Token, subject: Token | tuple[int, int], content: tuple[int, int] | None, label: str,
           stance: str) -> Found | None:
    tokens = list(tok.subtree)
    speakers: tuple[tuple[int, int], ...] = ()
    inanimate = False
    line_start = doc_text(doc).rfind("\n", 0, tok.idx) + 1
    if isinstance(subject, Token) and subject.idx < line_start:
        subject = _line_subject(doc, tok, line_start)
    if subject is None:
        return None
    if isinstance(subject, tuple):
        speakers = (subject,)
    elif isinstance(subject, Token):
        heads = _conjuncts(subject)
        speakers = tuple(_phrase(doc, h) for h in heads)
        twins = [c for c in subject.head.children if c.dep_ == "nsubj" and c.right_edge.i + 1 == subject.left_edge.i
                 and not any(t.is_punct for t in c.subtree)]
        if twins and subject.dep_ == "nsubj":  # "the Russian news agency Interfax" parsed as two subjects
            speakers = ((min(t.left_edge.idx for t in twins), speakers[0][1]), *speakers[1:])
        tokens += [subject.left_edge, subject.right_edge]
        inanimate = subject.lemma_.lower() in _INANIMATE
    start = min(t.idx for t in tokens)
    end = max(_end(t) for t in tokens)
    if content:
        start, end = min(start, content[0]), max(end, content[1])
    return Found(tok.idx, _trim(doc_text(doc), start, end), content, speakers, label, stance, inanimate)


def _line_subject(doc: Doc, verb: Token, line_start: int) -> tuple[int, int] | None:
    """When the parser ran a heading into the next line, the noun phrase opening the verb's line."""
    words = char_span(doc, line_start, verb.idx, "contract")
    if words is None or not len(words) or any(t.pos_ in ("VERB", "AUX", "ADP", "SCONJ") for t in words):
        return None
    return _trim(doc_text(doc), words.start_char, words.end_char)


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN"):
            out.extend(_conjuncts(c))
    return out


def _phrase(doc: Doc, head: Token) -> tuple[int, int]:
    """The words of a speaker: the head's subtree without coordinated or relative clauses."""
    keep = [head, *(c for c in head.children if c.dep_ not in ("conj", "cc", "relcl", "punct", "npadvmod")
                    and not any(_is_date(t) for t in c.subtree))]
    start = min(t.left_edge.idx for t in keep)
    end = max(_end(t.right_edge) if t is not head else _end(t) for t in keep)
    return _trim(doc_text(doc), start, end)


# --- according to, trailers, dash lines, bare quotes ---------------------------------------------


def _according_to(doc: Doc) -> list[Found]:
    out = []
    for tok in doc:
        to = next((c for c in tok.children if c.lower_ == "to"), None) if tok.lower_ == "according" else None
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if source is None:
            continue
        clause = tok.head if tok.head is not tok else tok.sent.root
        left, right = clause.left_edge.idx, _end(clause.right_edge)
        if clause is tok:
            left, right = tok.sent.start_char, tok.sent.end_char
        before = _trim(doc_text(doc), left, tok.left_edge.idx)
        after = _trim(doc_text(doc), _end(tok.right_edge), right)
        if before[1] - before[0] < 3:
            content = after
        elif after[1] - after[0] < 3:
            content = before
        else:
            content = _trim(doc_text(doc), left, right)
        heads = _conjuncts(source)
        speakers = tuple(_phrase(doc, h) for h in heads)
        out.append(Found(tok.idx, _trim(doc_text(doc), left, right), content, speakers, "according to", "assert",
                         source.lemma_.lower() in _INANIMATE))
    return out


def _trailers(doc: Doc, book: CueBook) -> tuple[list[Found], set[int]]:
    """Statements closed by their attribution: '..., Reuters writes', '– ..., says the NUPI researcher'.

    The surface pattern (a comma, a reporting verb, a short speaker) is read directly, as
    the parse of such inverted clauses is often wrong. A dash line is one statement even
    when it runs over several sentences; one with no attribution continues the previous
    speaker's quotation.
    """
    out, used = [], set()
    for start, end, dash in _units(doc):
        tokens = char_span(doc, start, end)
        tail = _tail(tokens, book) if tokens is not None else None
        if tail is None:
            if dash in ("–", "—"):  # a "- " line is as often a list item as a quotation
                content = _trim(doc_text(doc), start, end)
                out.append(Found(start, content, content, (), "quotation", "assert"))
            continue
        comma, verb, speaker, stop = tail
        used.add(verb.i)
        cue = book.verbs[verb.lemma_.lower()]
        label = "says" if dash else cue.label
        speakers = (PREVIOUS,) if speaker is None else (speaker,)
        dateline = _DATELINE.match(doc_text(doc), start, comma.idx)
        content = _trim(doc_text(doc), dateline.end() if dateline else start, comma.idx)
        out.append(Found(verb.idx, _trim(doc_text(doc), start, max(stop, end) if dash else stop), content, speakers,
                         label, cue.stance))
    return out, used


def _units(doc: Doc) -> list[tuple[int, int, str]]:
    """Dash lines whole, other lines sentence by sentence: (start, end, the dash or "")."""
    units = []
    for line in re.finditer(r"[^\n]+", doc_text(doc)):
        dash = _DASH_LINE.match(line.group())
        if dash:
            units.append((line.start() + dash.end(), line.end(), dash.group().strip()))
            continue
        span = char_span(doc, line.start(), line.end())
        for sent in span.sents if span is not None else ():
            units.append((max(sent.start_char, line.start()), min(sent.end_char, line.end()), ""))
    return units


def _tail(tokens: SpacySpan, book: CueBook) -> tuple[Token, Token, tuple[int, int] | None, int] | None:
    """The comma, reporting verb, speaker words (None: 'it is stated') and end of an attribution."""
    for verb in reversed([t for t in tokens if _is_cue(t, book)]):
        found = _tail_at(verb, tokens, book)
        if found is not None:
            return found
    return None


def _tail_at(verb: Token, tokens: SpacySpan, book: CueBook) -> tuple[Token, Token, tuple[int, int] | None, int] | None:
    doc, text = tokens.doc, doc_text(tokens.doc)
    if _negated(verb) or verb.dep_ in ("relcl", "acl", "advcl", "amod", "xcomp", "pcomp"):
        return None
    comma = next((t for t in reversed(doc[max(tokens.start + 2, verb.i - 8):verb.i]) if t.text == ","), None)
    if comma is None:
        return None
    before = [t for t in doc[comma.i + 1:verb.i] if not t.is_punct]
    after = _speaker_after(doc[verb.i + 1:tokens.end])
    if any(t.pos_ == "VERB" for t in before) or any(t.pos_ in ("VERB", "AUX") for t in after):
        return None
    if len(after) > 14 or len(before) > 6 or before and after:
        return None
    if any(t.lemma_.lower() in book.claim_nouns for t in before):
        return None  # "..., a figure Azerbaijan disputed" is an apposition
    if not any(t.pos_ in ("VERB", "AUX") for t in doc[tokens.start:comma.i]):
        return None  # "X, an adviser to Y, dismissed ...": the comma closes an apposition, not a statement
    if before and before[0].lower_ == "it" and any(t.dep_ == "auxpass" for t in before):
        return comma, verb, None, _end(verb)
    if before:
        return comma, verb, _trim(text, before[0].idx, _end(before[-1])), _end(verb)
    if not after:
        return None
    last = next((doc[t.i - 1] for t in after if t.lower_ in ("to", "in") and t.i > after[0].i), after[-1])
    return comma, verb, _trim(text, after[0].idx, _end(last)), _end(after[-1])


def _speaker_after(tokens: SpacySpan) -> list[Token]:
    """The words after a trailing 'says': up to a new clause ('..., but ...'), without dates."""
    out: list[Token] = []
    for t in tokens:
        following = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else t
        if t.pos_ in ("CCONJ", "SCONJ") or t.text == "," and following.pos_ in ("CCONJ", "SCONJ"):
            break
        if _is_date(t) or t.dep_ == "prep" and any(_is_date(c) for c in t.children):
            continue
        if not t.is_punct or t.text == ",":
            out.append(t)
    while out and out[-1].text == ",":
        out.pop()
    return out


def _is_date(tok: Token) -> bool:
    return tok.ent_type_ in ("DATE", "TIME")


def _bare_quotes(doc: Doc, book: CueBook) -> list[Found]:
    """A paragraph that is one quotation, with no reporting verb: the previous speaker goes on."""
    out = []
    for m in re.finditer(r"^[ \t]*([“\"][^\n]+[”\"])[ \t]*$", doc_text(doc), re.M):
        span = char_span(doc, m.start(1), m.end(1))
        if span is None or any(t.lemma_.lower() in book.verbs and t.pos_ == "VERB" for t in span):
            continue
        evidence = _trim(doc_text(doc), m.start(1), m.end(1))
        out.append(Found(m.start(1), evidence, _trim(doc_text(doc), m.start(1) + 1, m.end(1) - 1), (), "quotation",
                         "assert"))
    return out


# --- spans ---------------------------------------------------------------------------------------


def _clamp(text: str, f: Found) -> Found | None:
    """Keep a finding inside the paragraph of its cue: a statement never runs over a line break."""
    start = text.rfind("\n", 0, f.anchor) + 1
    end = text.find("\n", f.anchor)
    end = len(text) if end < 0 else end

    def inside(span: tuple[int, int] | None) -> tuple[int, int] | None:
        if span is None or span == PREVIOUS:
            return span
        lo, hi = max(span[0], start), min(span[1], end)
        return _trim(text, lo, hi) if lo < hi else None

    content = inside(f.content)
    speakers = tuple(s for s in (inside(s) for s in f.speakers) if s is not None)
    if f.speakers and not speakers or f.content and content is None and f.stance != "deny":
        return None
    return replace(f, evidence=inside(f.evidence) or f.evidence, content=content, speakers=speakers)


def _quote_near(doc: Doc, tok: Token) -> tuple[int, int] | None:
    """The quotation a bare 'he said' attributes: in its sentence, or the sentence before."""
    sent = tok.sent
    m = re.search(r"[“\"]([^”\"]{3,})[”\"]", sent.text)
    if m:
        return _trim(doc_text(doc), sent.start_char + m.start(1), sent.start_char + m.end(1))
    if sent.start > 0:
        prev = doc[sent.start - 1].sent
        stripped = prev.text.strip()
        if stripped[:1] in _QUOTES_OPEN and stripped.rstrip(".")[-1:] in _QUOTES_CLOSE:
            return _trim(doc_text(doc), prev.start_char, prev.end_char)
    return None


def char_span(doc: Doc, start: int, end: int, mode: str = "expand") -> SpacySpan | None:
    """The tokens over text[start:end], or None where no token lies there."""
    start, end = _trim(doc_text(doc), start, end) if start < end else (start, end)
    if start >= end:
        return None
    try:
        span = doc.char_span(start, end, alignment_mode=mode)
    except (IndexError, ValueError):
        return None
    return span if span is not None and len(span) else None


def _end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def _skip_that(text: str, start: int) -> int:
    m = re.match(r"that\s+", text[start:start + 6])
    return start + m.end() if m else start


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces, dashes, commas and unbalanced quote marks at both ends of a span."""
    for _ in range(4):
        before = (start, end)
        while start < end and (text[start] in _TRIM or text[start] in "”»"):
            start += 1
        while end > start and (text[end - 1] in _TRIM + "." or text[end - 1] in "“«"):
            end -= 1
        if start < end and _unpaired(text[start:end]):
            if end < len(text) and text[end] in _QUOTES_CLOSE:
                end += 1
            elif text[start] in _QUOTES_OPEN:
                start += 1
            elif text[end - 1] in _QUOTES_CLOSE:
                end -= 1
        if (start, end) == before:
            break
    return start, end


def _unpaired(text: str) -> bool:
    """Whether double quotes are unbalanced (single quotes double as apostrophes, so they are not counted)."""
    opens = text.count("“") + text.count("«")
    closes = text.count("”") + text.count("»")
    return opens != closes or text.count('"') % 2 == 1
