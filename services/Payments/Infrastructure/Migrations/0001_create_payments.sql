-- The provider's ledger: one row per order, the answer it got. The primary key on order_id is what
-- makes a second authorisation of an order return the first payment instead of charging again; the
-- unique idempotency key lets a replayed request find its answer. Rows are deleted by age
-- (PaymentLedgerCleanup, Payments:Ledger:Retention), hence the index on created_at.
CREATE TABLE payments (
    order_id        uuid         PRIMARY KEY,
    payment_id      uuid         NOT NULL UNIQUE,
    idempotency_key varchar(200) NOT NULL UNIQUE,
    amount          numeric      NOT NULL CHECK (amount > 0),
    status          varchar(20)  NOT NULL CHECK (status IN ('Authorised', 'Declined')),
    created_at      timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX payments_created_at ON payments (created_at);
