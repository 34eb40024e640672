-- Set when `--demo` seeded this database with the demo bank and its well-known passwords, so
-- that a server started later without `--demo` refuses it (unless `--allow-demo-data`).
CREATE TABLE demo_data (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    marked_at INTEGER NOT NULL
);
