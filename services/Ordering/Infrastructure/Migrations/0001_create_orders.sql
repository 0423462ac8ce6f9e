-- Orders, their lines, and the idempotency keys that make POST /api/orders safe to retry.

CREATE TABLE orders (
    id                 uuid          PRIMARY KEY,
    buyer_id           text          NOT NULL,
    status             text          NOT NULL CHECK (status IN ('PendingPayment', 'Paid', 'Declined')),
    total              numeric(14,2) NOT NULL CHECK (total > 0),
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    payment_id         uuid          NULL,
    -- Settlement bookkeeping: how often payment was tried, when to try next, and why the last try failed.
    payment_attempts   integer       NOT NULL DEFAULT 0,
    next_payment_at    timestamptz   NULL,
    last_payment_error text          NULL
);

CREATE INDEX orders_buyer_created ON orders (buyer_id, created_at DESC);
-- The settlement worker's queue: only pending orders, oldest due first.
CREATE INDEX orders_pending_due ON orders (next_payment_at) WHERE status = 'PendingPayment';

CREATE TABLE order_items (
    order_id     uuid          NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line         integer       NOT NULL,
    product_id   integer       NOT NULL,
    product_name text          NOT NULL,
    quantity     integer       NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    unit_price   numeric(12,2) NOT NULL CHECK (unit_price > 0),
    PRIMARY KEY (order_id, line)
);

-- The primary key is the arbiter of "exactly one order per key": concurrent retries race to insert
-- here inside the order's own transaction, and every loser gets a unique violation.
CREATE TABLE idempotency_keys (
    key          text        PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
    request_hash text        NOT NULL,
    order_id     uuid        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now()
);
