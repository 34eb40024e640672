-- Presence that follows the desk: how many event streams of each person's desks each instance
-- holds, refreshed (seen_at, Unix ms) while held, so that the instance that saw a person's last
-- desk close can tell whether another live instance still holds one.
CREATE TABLE desk_streams (
    instance TEXT    NOT NULL,
    person   TEXT    NOT NULL,
    streams  BIGINT NOT NULL,
    seen_at  BIGINT NOT NULL,
    PRIMARY KEY (instance, person)
);
