import GRDB

/// The database layout: GRDB migrations, the application id that marks a Choreo file, and
/// the schema version a newer Choreo raises.
enum Schema {
    /// `PRAGMA application_id`: "CHOR".
    static let applicationID: Int32 = 0x4348_4F52
    /// `PRAGMA application_id` of a file a batched store is still filling in bulk
    /// (`Opening.BulkWriting`): "CHO_". A file left so (its run stopped before it ended) is
    /// refused.
    static let unfinishedApplicationID: Int32 = 0x4348_4F5F
    /// `PRAGMA user_version`: raised by every migration that changes the layout.
    static let version = 10

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: version1)
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: version2)
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: version3)
            try db.execute(sql: "PRAGMA user_version = 3")
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: version4)
            try HistoryMigration.moveHistoryOutOfSnapshots(db)
            try db.execute(sql: "PRAGMA user_version = 4")
        }
        migrator.registerMigration("v5") { db in
            try db.execute(sql: version5)
            try HistoryMigration.moveEventsIntoBatches(db)
            try db.execute(sql: version5View)
            try db.execute(sql: "PRAGMA user_version = 5")
        }
        migrator.registerMigration("v6") { db in
            // The layout is v5's; the version marks the `state` snapshots that keep deferred
            // inputs as their context (`DeferredInputsRecord`), which an older Choreo would
            // read as inputs missing. Older snapshots, with every input a value, still load.
            try db.execute(sql: "PRAGMA user_version = 6")
        }
        migrator.registerMigration("v7") { db in
            // The layout is v5's; the version marks history elements written without their
            // `record` (rebuilt from the other columns), which an older Choreo could not
            // read; the view's `record` column is null for them. Older elements keep
            // theirs, and their record is what a load reads.
            try db.execute(sql: "PRAGMA user_version = 7")
        }
        migrator.registerMigration("v8") { db in
            try db.execute(sql: version8View)
            try db.execute(sql: "PRAGMA user_version = 8")
        }
        migrator.registerMigration("v9") { db in
            // The layout is v8's; the version marks `state` snapshots whose nodes are rows
            // (`NodeRow`: fields without their names, outputs left to the `context`
            // column), which an older Choreo would read as an instance without nodes.
            // Older snapshots, with every node whole, still load.
            try db.execute(sql: "PRAGMA user_version = 9")
        }
        migrator.registerMigration("v10") { db in
            // The layout is v8's; the version marks `state` snapshots whose node rows are
            // `rows` (`CompactNodeRow`: statuses as numbers, times from the instance's start,
            // fields at their initial value at the end left out), which an older Choreo
            // would read as an instance without nodes. Older snapshots (`nodeRows`, or
            // every node whole) still load.
            try db.execute(sql: "PRAGMA user_version = 10")
        }
        return migrator
    }

    /// Elements written since v8 are the event's `data` alone: it holds the event's time
    /// (in ISO 8601, `2025-01-22T10:45:13Z`), name and step id, which v5 to v7 wrote again
    /// around it (`{"time":"2025-01-22 10:45:13","event":…,"step":…,"data":{…}}`), a third
    /// of each element. The view gives both kinds of element the same columns: an element
    /// without `data` is its own data, and its time loses the `T` and the `Z`. (An event
    /// whose data falls short, `StoredEventRule`, is still written whole with its record.)
    static let version8View = """
        DROP VIEW workflow_events;
        CREATE VIEW workflow_events (instance_id, seq, time, event, step, data, record) AS
            SELECT b.instance_id, b.first_seq + e.key,
                CASE WHEN e.value -> '$.data' IS NULL
                    THEN substr(e.value ->> '$.time', 1, 10) || ' '
                        || substr(e.value ->> '$.time', 12, length(e.value ->> '$.time') - 12)
                    ELSE e.value ->> '$.time' END,
                e.value ->> '$.event', e.value ->> '$.step',
                coalesce(e.value -> '$.data', e.value), e.value -> '$.record'
            FROM workflow_event_batches b, json_each(b.events) e;
        """

    /// The history in one row per instance and write instead of one per event: a batch of
    /// 10,000 commands adds a row per instance it changed, not one per event (a fifth of
    /// the rows the store wrote, each a b-tree insert keyed by instance id and FK check).
    static let version5 = """
        CREATE TABLE workflow_event_batches (
            id INTEGER PRIMARY KEY,
            instance_id TEXT NOT NULL REFERENCES workflow_instances(id),
            first_seq INTEGER NOT NULL,
            events TEXT NOT NULL
        );
        CREATE INDEX workflow_event_batches_by_instance
            ON workflow_event_batches(instance_id, first_seq);
        """

    /// `workflow_events` becomes a view with the table's columns, one row an event, so that
    /// the seed's queries of it keep working.
    static let version5View = """
        DROP TABLE workflow_events;
        CREATE VIEW workflow_events (instance_id, seq, time, event, step, data, record) AS
            SELECT b.instance_id, b.first_seq + e.key, e.value ->> '$.time',
                e.value ->> '$.event', e.value ->> '$.step', e.value -> '$.data',
                e.value -> '$.record'
            FROM workflow_event_batches b, json_each(b.events) e;
        """

    /// The history leaves the instance snapshot: each event's record, in its
    /// `workflow_events` row, rebuilds it (a commit no longer re-encodes the whole history).
    static let version4 = """
        ALTER TABLE workflow_events ADD COLUMN record TEXT;
        """

    /// Cheaper task rows, the table rebuilt (SQLite cannot change a constraint in place).
    /// A `CHECK (x IN (...))` of three or more values builds a temporary b-tree of the list
    /// every time a statement evaluates it, about 30,000 instructions, once per insert and
    /// per status change: the checks compare instead. The `id` is derived from the
    /// number, so it is a virtual column, with no unique index to keep.
    static let version3 = """
        CREATE TABLE workflow_team_tasks_v3 (
            number INTEGER PRIMARY KEY,
            id TEXT GENERATED ALWAYS AS ('task-' || number) VIRTUAL,
            instance_id TEXT NOT NULL REFERENCES workflow_instances(id),
            instance_serial INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            step_index INTEGER NOT NULL,
            team TEXT NOT NULL,
            role TEXT,
            action TEXT NOT NULL,
            kind TEXT NOT NULL
                CHECK (kind = 'task' OR kind = 'approval' OR kind = 'escalation'),
            input_data TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status = 'pending' OR status = 'claimed' OR status = 'completed'
                    OR status = 'failed' OR status = 'cancelled'),
            claimed_by TEXT,
            claimed_at TEXT,
            deadline TEXT,
            attempt INTEGER NOT NULL,
            output TEXT,
            created_at TEXT NOT NULL,
            completed_at TEXT
        );
        INSERT INTO workflow_team_tasks_v3 (number, instance_id, instance_serial, step_id,
            step_index, team, role, action, kind, input_data, status, claimed_by, claimed_at,
            deadline, attempt, output, created_at, completed_at)
        SELECT number, instance_id, instance_serial, step_id, step_index, team, role, action,
            kind, input_data, status, claimed_by, claimed_at, deadline, attempt, output,
            created_at, completed_at
        FROM workflow_team_tasks;
        DROP TABLE workflow_team_tasks;
        ALTER TABLE workflow_team_tasks_v3 RENAME TO workflow_team_tasks;
        CREATE INDEX workflow_team_tasks_open ON workflow_team_tasks(team, number)
            WHERE status IN ('pending', 'claimed');
        CREATE INDEX workflow_team_tasks_by_instance ON workflow_team_tasks(instance_id);
        """

    /// Fewer index entries per task state change: the queue index holds only open tasks
    /// (a completion deletes its entry, nothing moves), and the per-instance index no
    /// longer holds the status (a claim or completion leaves it alone).
    static let version2 = """
        DROP INDEX workflow_team_tasks_queue;
        CREATE INDEX workflow_team_tasks_open ON workflow_team_tasks(team, number)
            WHERE status IN ('pending', 'claimed');
        DROP INDEX workflow_team_tasks_by_instance;
        CREATE INDEX workflow_team_tasks_by_instance ON workflow_team_tasks(instance_id);
        """

    /// Tables of the seed's schema, plus the engine's bookkeeping. Times are text
    /// (`2025-01-22 10:00:00[.ffffff]`, UTC); JSON columns are text.
    static let version1 = """
        CREATE TABLE workflow_definitions (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            source TEXT NOT NULL
        );
        CREATE TABLE workflow_instances (
            id TEXT PRIMARY KEY,
            serial INTEGER NOT NULL UNIQUE,
            workflow_definition_id TEXT NOT NULL REFERENCES workflow_definitions(id),
            status TEXT NOT NULL,
            current_step TEXT,
            context TEXT NOT NULL,
            started_at TEXT NOT NULL,
            completed_at TEXT,
            state TEXT NOT NULL
        );
        CREATE INDEX workflow_instances_by_status ON workflow_instances(status);
        CREATE TABLE workflow_team_tasks (
            number INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            instance_id TEXT NOT NULL REFERENCES workflow_instances(id),
            instance_serial INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            step_index INTEGER NOT NULL,
            team TEXT NOT NULL,
            role TEXT,
            action TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('task', 'approval', 'escalation')),
            input_data TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('pending', 'claimed', 'completed', 'failed', 'cancelled')),
            claimed_by TEXT,
            claimed_at TEXT,
            deadline TEXT,
            attempt INTEGER NOT NULL,
            output TEXT,
            created_at TEXT NOT NULL,
            completed_at TEXT
        );
        CREATE INDEX workflow_team_tasks_queue ON workflow_team_tasks(team, status, number);
        CREATE INDEX workflow_team_tasks_by_instance ON workflow_team_tasks(instance_id, status);
        CREATE TABLE workflow_events (
            instance_id TEXT NOT NULL REFERENCES workflow_instances(id),
            seq INTEGER NOT NULL,
            time TEXT NOT NULL,
            event TEXT NOT NULL,
            step TEXT,
            data TEXT NOT NULL,
            PRIMARY KEY (instance_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE timers (
            id INTEGER PRIMARY KEY,
            instance_id TEXT NOT NULL REFERENCES workflow_instances(id),
            instance_serial INTEGER NOT NULL,
            at INTEGER NOT NULL,
            fires_at TEXT NOT NULL,
            purpose TEXT NOT NULL
        );
        CREATE INDEX timers_due ON timers(at, id);
        CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
}
