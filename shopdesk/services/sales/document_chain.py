"""The hash chain of issued documents (invoices and credit notes, one chain for both).

A document joins the chain in the transaction that issues it (:func:`seal`, from
``invoices.finish_issue``): its ``chain_hash`` covers the previous document's hash and what
was issued — number, kind, dates, customer, vehicle, totals and every line. Only the cached
``paid``/``credited`` figures (moved by payments and credit notes) stay outside it.
``shopdesk check`` walks the chain (:func:`first_break`).

Fields are read through frozen copies of the two tables holding only the hashed columns, as
stored (money in cents), so the content is the same on SQLite and PostgreSQL and after a
schema change elsewhere in the tables. Never change the lists below: chains already made
would read as altered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import peewee

from shopdesk.services import hash_chain


class _Frozen(peewee.Model):
    class Meta:  # no database: each query is bound to the one given (thread-safe)
        legacy_table_names = False


class _Document(_Frozen):
    number = peewee.CharField(null=True)
    kind = peewee.CharField()
    status = peewee.CharField()
    series = peewee.CharField(null=True)
    year = peewee.IntegerField(null=True)
    sequence = peewee.IntegerField(null=True)
    issue_date = peewee.DateField(null=True)
    due_date = peewee.DateField(null=True)
    issued_at = peewee.DateTimeField(null=True)
    customer = peewee.IntegerField(column_name="customer_id", null=True)
    customer_name = peewee.CharField()
    billing_address = peewee.TextField()
    customer_tax_id = peewee.CharField()
    vehicle = peewee.IntegerField(column_name="vehicle_id", null=True)
    vehicle_text = peewee.CharField()
    odometer = peewee.IntegerField(null=True)
    price_level = peewee.CharField()
    prices_include_tax = peewee.BooleanField()
    discount_percent = peewee.BigIntegerField()
    terms_days = peewee.IntegerField()
    subtotal = peewee.BigIntegerField()
    discount = peewee.BigIntegerField()
    net = peewee.BigIntegerField()
    tax = peewee.BigIntegerField()
    gross = peewee.BigIntegerField()
    credited_invoice = peewee.IntegerField(column_name="credited_invoice_id", null=True)
    reason = peewee.TextField()
    source = peewee.CharField()
    source_id = peewee.IntegerField(null=True)
    issued_by = peewee.CharField()
    chain_seq = peewee.IntegerField(null=True)
    chain_hash = peewee.CharField(null=True)

    class Meta:
        table_name = "invoice"


class _Line(_Frozen):
    invoice = peewee.IntegerField(column_name="invoice_id")
    position = peewee.IntegerField()
    kind = peewee.CharField()
    part = peewee.IntegerField(column_name="part_id", null=True)
    sku = peewee.CharField()
    description = peewee.CharField()
    quantity = peewee.BigIntegerField()
    unit_price = peewee.BigIntegerField()
    discount_percent = peewee.BigIntegerField()
    tax_code = peewee.CharField()
    tax_rate = peewee.BigIntegerField()
    amount = peewee.BigIntegerField()
    discounted = peewee.BigIntegerField()
    unit_cost = peewee.BigIntegerField()
    takes_stock = peewee.BooleanField()
    credited_line = peewee.IntegerField(column_name="credited_line_id", null=True)

    class Meta:
        table_name = "invoice_line"


#: The hashed fields, in their hashed order.
DOCUMENT_FIELDS = [f for f in _Document._meta.sorted_fields
                   if f.name not in ("id", "chain_seq", "chain_hash")]
LINE_FIELDS = [f for f in _Line._meta.sorted_fields if f.name not in ("id", "invoice")]
PAGE = 2000


def content(document: Mapping[str, object], lines: Iterable[tuple]) -> bytes:
    """The canonical bytes of a document (values by field name, as stored) and its lines
    (tuples of :data:`LINE_FIELDS`, in position order)."""
    return hash_chain.canonical(
        [*(document[f.name] for f in DOCUMENT_FIELDS), [list(line) for line in lines]])


def _lines_of(db: peewee.Database, ids: list[int]) -> dict[int, list[tuple]]:
    found: dict[int, list[tuple]] = {i: [] for i in ids}
    query = (_Line.select(_Line.invoice, *LINE_FIELDS).where(_Line.invoice.in_(ids))
             .order_by(_Line.invoice, _Line.position, _Line.id).tuples().bind(db))
    for invoice_id, *values in query:
        found[invoice_id].append(tuple(values))
    return found


def seal(db: peewee.Database, invoice_id: int, updates: Mapping[str, object],
         live: type[peewee.Model]) -> dict[str, object]:
    """``chain_seq`` and ``chain_hash`` for document ``invoice_id`` as it will read once the
    issuing UPDATE writes ``updates`` (field name -> value of the live model ``live``): add
    them to that UPDATE. Call inside the issuing transaction after :func:`hash_chain.lock`."""
    seq, previous = hash_chain.tail(db, "invoice")
    row = (_Document.select(*DOCUMENT_FIELDS).where(_Document.id == invoice_id)
           .dicts().bind(db).get())
    for name, value in updates.items():
        if name in _Document._meta.fields:
            frozen = _Document._meta.fields[name]
            row[name] = frozen.python_value(live._meta.fields[name].db_value(value))
    lines = _lines_of(db, [invoice_id])[invoice_id]
    return {"chain_seq": seq + 1,
            "chain_hash": hash_chain.link(previous, content(row, lines))}


def _entries(db: peewee.Database) -> Iterator[hash_chain.Stored]:
    """Every chained document in place order, then any issued one outside the chain."""
    after = 0
    while True:
        page = list(_Document.select(_Document.id, *DOCUMENT_FIELDS, _Document.chain_seq,
                                     _Document.chain_hash)
                    .where(_Document.chain_seq > after)
                    .order_by(_Document.chain_seq).limit(PAGE).dicts().bind(db))
        if not page:
            break
        lines = _lines_of(db, [r["id"] for r in page])
        for row in page:
            yield hash_chain.Stored(row["id"], row["number"] or f"#{row['id']}",
                                    row["chain_seq"], row["chain_hash"],
                                    content(row, lines[row["id"]]))
        after = page[-1]["chain_seq"]
    outside = (_Document.select(_Document.id, _Document.number)
               .where((_Document.status == "issued") & _Document.chain_seq.is_null())
               .order_by(_Document.id).limit(1).tuples().bind(db))
    for row_id, number in outside:
        yield hash_chain.Stored(row_id, number or f"#{row_id}", None, None, b"")


def first_break(db: peewee.Database) -> hash_chain.Break | None:
    """The first broken link of the documents' chain, or None when it is whole."""
    return hash_chain.first_break(_entries(db))


def seal_unsealed(db: peewee.Database) -> int:
    """Chain the issued documents that have no place yet, in id order (the demo's bulk
    history; migration 15 for documents issued before the chain). Returns how many."""
    with db.atomic():
        hash_chain.lock(db)
        seq, previous = hash_chain.tail(db, "invoice")
        ids = [i for (i,) in _Document.select(_Document.id)
               .where((_Document.status == "issued") & _Document.chain_seq.is_null())
               .order_by(_Document.id).tuples().bind(db)]
        done = 0
        for start in range(0, len(ids), PAGE):
            chunk = ids[start:start + PAGE]
            rows = {r["id"]: r for r in _Document.select(_Document.id, *DOCUMENT_FIELDS)
                    .where(_Document.id.in_(chunk)).dicts().bind(db)}
            lines = _lines_of(db, chunk)
            links = []
            for row_id in chunk:
                seq += 1
                previous = hash_chain.link(previous, content(rows[row_id], lines[row_id]))
                links.append((row_id, seq, previous))
            hash_chain.store(db, "invoice", links)
            done += len(links)
        return done
