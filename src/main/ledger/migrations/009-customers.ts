/**
 * Customers on sales and returns (issue 19). `customers` holds those made here (created_here = 1, sent to head
 * office as 'customer.created' under outbox_seq) and those found through head office and shown here (0): a few
 * a person looked up, never a copy of the company's list. customer_documents says which sale or return was rung
 * up for whom, written in the document's own transaction; open_sale_customers is the customer of a sale still
 * open (or parked), by its draft's id, so a restart or a park keeps them.
 */
export default `
CREATE TABLE customers (
  customer_id     TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  phone           TEXT,
  email           TEXT,
  phone_key       TEXT,
  email_key       TEXT,
  name_on_receipt INTEGER NOT NULL CHECK (name_on_receipt IN (0, 1)),
  created_at      TEXT NOT NULL,
  created_here    INTEGER NOT NULL CHECK (created_here IN (0, 1)),
  outbox_seq      INTEGER UNIQUE
);
CREATE INDEX customers_by_name ON customers(name COLLATE NOCASE);
CREATE INDEX customers_by_phone ON customers(phone_key);
CREATE INDEX customers_by_email ON customers(email_key);

CREATE TABLE customer_documents (
  document_id  TEXT PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('sale', 'return')),
  customer_id  TEXT NOT NULL REFERENCES customers(customer_id),
  completed_at TEXT NOT NULL
);
CREATE INDEX customer_documents_by_customer ON customer_documents(customer_id, completed_at);

CREATE TABLE open_sale_customers (
  sale_id     TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id)
);
`;
