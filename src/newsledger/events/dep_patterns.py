"""Dependency patterns over one sentence: the subset of spaCy's `DependencyMatcher` events use.

Patterns are written in the `DependencyMatcher` format (``RIGHT_ID``, ``LEFT_ID``,
``REL_OP``, ``RIGHT_ATTRS``) with the operators ``>`` (a child of) and ``<`` (the
head of), and token attributes compared for equality or with ``{"IN": [...]}`` or ``{"NOT_IN": [...]}``.

Why not the `DependencyMatcher` itself: it copies each sentence into a new `Doc`,
matches every node of every pattern against every token, and tries the product
of all candidate positions; for a sentence with a trigger it took about as long
as parsing the sentence. Here the search starts from the tokens that match a
pattern's first node and follows the tree, so it costs what the tree offers.
Matches are the same (`tests/test_events_dep_patterns.py` compares both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Span

# A token's attribute values, in the order of `ATTRIBUTES`.
Values = tuple[str, ...]
Predicate = Callable[[Values], bool]
# Pattern attribute names and the token attribute each compares.
ATTRIBUTES: Mapping[str, str] = {
    "ORTH": "text", "LOWER": "lower_", "LEMMA": "lemma_", "POS": "pos_", "TAG": "tag_", "DEP": "dep_",
    "ENT_TYPE": "ent_type_",
}
_POSITION = {name: k for k, name in enumerate(ATTRIBUTES)}
_LEMMA = _POSITION["LEMMA"]
OPERATORS = frozenset({"<", ">"})


@dataclass(frozen=True)
class Node:
    """One node of a compiled pattern: which earlier node it hangs from, how, and its token test.

    `lemmas` is the set the node's LEMMA must be in, when it names one: the first node
    of a pattern is looked up by lemma instead of tested on every token, so its `test`
    leaves the lemma out.
    """

    parent: int
    op: str
    test: Predicate
    lemmas: frozenset[str] | None = None


class _Sentence:
    """The attribute values, heads and children of a sentence's tokens, read from spaCy once."""

    def __init__(self, sent: Span) -> None:
        self.start = sent.start
        tokens = list(sent)
        self.values: list[Values] = [tuple([getattr(tok, name) for name in ATTRIBUTES.values()]) for tok in tokens]
        self.heads = [tok.head.i - sent.start for tok in tokens]
        self.children: list[list[int]] = [[] for _ in tokens]
        for k, head in enumerate(self.heads):
            if head != k and 0 <= head < len(tokens):
                self.children[head].append(k)
        self._by_lemmas: dict[int, list[int]] = {}

    def with_lemma(self, lemmas: frozenset[str] | None) -> list[int]:
        """Positions whose lemma is in the set (every position for None); computed once per set."""
        if lemmas is None:
            return list(range(len(self.values)))
        if id(lemmas) not in self._by_lemmas:
            self._by_lemmas[id(lemmas)] = [k for k, v in enumerate(self.values) if v[_LEMMA] in lemmas]
        return self._by_lemmas[id(lemmas)]

    def related(self, k: int, op: str) -> list[int]:
        """The children of position k (``>``) or its head (``<``), inside the sentence."""
        if op == ">":
            return self.children[k]
        head = self.heads[k]
        return [head] if head != k and 0 <= head < len(self.values) else []


class PatternMatcher:
    """Named dependency patterns, matched per sentence (see the module docstring for the format)."""

    def __init__(self) -> None:
        self._patterns: list[tuple[str, tuple[Node, ...]]] = []
        self._lemma_sets: dict[frozenset[str], frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self._patterns)

    def add(self, key: str, patterns: Sequence[Sequence[Mapping]]) -> None:
        """Add patterns under a name.

        Raises:
            ValueError: an operator, attribute or value form this matcher does not support,
                or a node that refers to a node not defined before it.
        """
        for pattern in patterns:
            nodes = compile_pattern(pattern)
            # One object per distinct set: a sentence looks each set up once (`_Sentence.with_lemma`).
            nodes = tuple(replace(n, lemmas=self._lemma_sets.setdefault(n.lemmas, n.lemmas)) if n.lemmas else n
                          for n in nodes)
            self._patterns.append((key, nodes))

    def __call__(self, sent: Span) -> Iterator[tuple[str, list[int]]]:
        """Yield (name, token indices in node order, relative to the sentence start) for every match."""
        view = _Sentence(sent)
        for key, nodes in self._patterns:
            root = nodes[0]
            for k in view.with_lemma(root.lemmas):
                if root.test(view.values[k]):
                    yield from ((key, found) for found in _extend([k], nodes, view))


def compile_pattern(pattern: Sequence[Mapping]) -> tuple[Node, ...]:
    """Compile one pattern in the `DependencyMatcher` format into nodes, root first."""
    ids: dict[str, int] = {}
    nodes: list[Node] = []
    for k, spec in enumerate(pattern):
        attrs = spec.get("RIGHT_ATTRS", {})
        test = _predicate(attrs)  # also checks every attribute and value form
        lemma = attrs.get("LEMMA")
        # an exact lemma or an IN list is looked up; NOT_IN is tested like any attribute
        lemmas = frozenset([lemma]) if isinstance(lemma, str) else frozenset(lemma["IN"]) if lemma and "IN" in lemma else None
        if k == 0:
            if lemmas is not None:  # the lemma is checked by the lookup (`_Sentence.with_lemma`)
                test = _predicate({name: value for name, value in attrs.items() if name != "LEMMA"})
            nodes.append(Node(-1, "", test, lemmas))
        else:
            op, left = spec.get("REL_OP"), spec.get("LEFT_ID")
            if op not in OPERATORS or left not in ids:
                raise ValueError(f"unsupported node {spec!r}: REL_OP must be one of {sorted(OPERATORS)} "
                                 "and LEFT_ID a node defined before")
            nodes.append(Node(ids[left], op, test, lemmas))
        ids[spec["RIGHT_ID"]] = k
    return tuple(nodes)


def _predicate(attrs: Mapping) -> Predicate:
    tests: list[tuple[int, Callable[[str], bool]]] = []
    for name, value in attrs.items():
        if name not in ATTRIBUTES:
            raise ValueError(f"unsupported token attribute {name!r}")
        if isinstance(value, str):
            tests.append((_POSITION[name], value.__eq__))
        elif isinstance(value, Mapping) and set(value) == {"IN"}:
            tests.append((_POSITION[name], frozenset(value["IN"]).__contains__))
        elif isinstance(value, Mapping) and set(value) == {"NOT_IN"}:
            excluded = frozenset(value["NOT_IN"])
            tests.append((_POSITION[name], lambda v, excluded=excluded: v not in excluded))
        else:
            raise ValueError(f"unsupported value for {name}: {value!r}")
    # Patterns test at most a few attributes: closures of one or two tests skip the generator of `all`.
    if not tests:
        return lambda values: True
    if len(tests) == 1:
        (at, test), = tests
        return lambda values: test(values[at])
    if len(tests) == 2:
        (at1, test1), (at2, test2) = tests
        return lambda values: test1(values[at1]) and test2(values[at2])
    return lambda values: all(test(values[at]) for at, test in tests)


def _extend(found: list[int], nodes: tuple[Node, ...], view: _Sentence) -> Iterator[list[int]]:
    """Assign the next node every position the tree allows; yield complete assignments."""
    if len(found) == len(nodes):
        yield found
        return
    node = nodes[len(found)]
    for k in view.related(found[node.parent], node.op):
        if node.test(view.values[k]):
            yield from _extend([*found, k], nodes, view)
