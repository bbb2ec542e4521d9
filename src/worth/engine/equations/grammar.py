"""The grammar of the word equation language (Lark, LALR) and the friendly words for its terminals.

Names are always in square brackets on the right-hand side, so ``x`` can be the multiplication sign
without clashing with any name. A comma directly between digits groups thousands (``1,200``); function
arguments are separated by a comma and a space (``min([A], 2)``), which is how rendering writes them.
"""

from __future__ import annotations

from functools import cache

from lark import Lark, Transformer

__all__ = ["GRAMMAR", "OPERAND_TERMINALS", "OPERATOR_TERMINALS", "TERMINAL_WORDS", "build_parser"]

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"

GRAMMAR = rf"""
start: target EQUAL expr

target: BRACKET_NAME | BARE_NAME

?expr: or_expr
?or_expr: and_expr | or_expr OR and_expr -> logical
?and_expr: not_expr | and_expr AND not_expr -> logical
?not_expr: comparison | NOT not_expr -> negation
?comparison: sum | sum COMP sum -> compare
?sum: product | sum PLUS product -> binary | sum MINUS product -> binary
?product: unary
    | product STAR unary -> binary
    | product X unary -> binary
    | product CROSS unary -> binary
    | product DOT unary -> binary
    | product SLASH unary -> binary
    | product DIVIDE unary -> binary
?unary: atom | MINUS unary -> unary | PLUS unary -> unary
?atom: NUMBER -> number
    | NUMBER PERCENT -> percent
    | MONEY -> money
    | BRACKET_NAME -> variable
    | WORD LPAR [arguments] RPAR -> call
    | LPAR expr RPAR -> group
arguments: expr (COMMA expr)*

BRACKET_NAME: /\[[^\[\]]*\]/
BARE_NAME: /[^\[\]=\s][^\[\]=\n]*/
NUMBER: /(?:{_DIGITS})(?:[eE][+-]?\d+)?/
MONEY: /[$€£]\s?(?:{_DIGITS})(?:[eE][+-]?\d+)?/
WORD: /[A-Za-z_][A-Za-z0-9_]*/
X.2: /x\b/i
AND.2: /and\b/i
OR.2: /or\b/i
NOT.2: /not\b/i
CROSS: "×"
DOT: "·"
STAR: "*"
SLASH: "/"
DIVIDE: "÷"
PLUS: "+"
MINUS: /[-\u2212\u2013]/
COMP: /<=|>=|==|!=|<>|\u2264|\u2265|\u2260|<|>/
EQUAL: "="
LPAR: "("
RPAR: ")"
COMMA: ","
PERCENT: "%"
%ignore /\s+/
"""

OPERAND_TERMINALS = frozenset({"NUMBER", "MONEY", "BRACKET_NAME", "WORD", "LPAR", "MINUS", "PLUS", "NOT"})
OPERATOR_TERMINALS = frozenset({"PLUS", "MINUS", "STAR", "X", "CROSS", "DOT", "SLASH", "DIVIDE"})

TERMINAL_WORDS: dict[str, str] = {
    "BRACKET_NAME": "a [name in brackets]",
    "BARE_NAME": "a name",
    "NUMBER": "a number",
    "MONEY": "an amount such as $2,500",
    "WORD": "a function such as min(...)",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "PLUS": "'+'",
    "MINUS": "'-'",
    "STAR": "'x'",
    "X": "'x'",
    "CROSS": "'x'",
    "DOT": "'x'",
    "SLASH": "'/'",
    "DIVIDE": "'/'",
    "PERCENT": "'%'",
    "EQUAL": "'='",
    "COMP": "a comparison (<, <=, >, >=, ==, !=)",
    "AND": "'and'",
    "OR": "'or'",
    "NOT": "'not'",
    "$END": "the end of the equation",
}


@cache
def build_parser(transformer: Transformer[object, object]) -> Lark:
    """Build the LALR parser once per transformer; it transforms while parsing (no tree, no recursion)."""
    return Lark(GRAMMAR, parser="lalr", lexer="contextual", transformer=transformer, maybe_placeholders=True)
