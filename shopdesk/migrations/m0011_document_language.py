"""Schema 11: ``shop_settings.language`` becomes the language of the shop's printed documents
and exports, with "" meaning "the same as the screen".

Until now the column was never read (documents followed each PC's screen language) and every
shop holds its default "en". Kept as "en" it would suddenly print English for shops whose
screens are in Chinese, so the untouched default becomes "" and nothing changes for anyone
until the owner chooses a language in Settings.
"""

from __future__ import annotations

import peewee

VERSION = 11
TITLE = "Language of printed documents: same as the screen unless chosen"


def apply(db: peewee.Database) -> None:
    db.execute_sql("UPDATE shop_settings SET language = '' WHERE language = 'en'")
