package io.pgai.spring.liquibase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import liquibase.database.Database;
import liquibase.database.DatabaseConnection;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.snapshot.DatabaseSnapshot;
import liquibase.snapshot.InvalidExampleException;
import liquibase.snapshot.SnapshotGenerator;
import liquibase.snapshot.SnapshotGeneratorChain;
import liquibase.structure.DatabaseObject;
import liquibase.structure.core.Column;
import liquibase.structure.core.Index;
import liquibase.structure.core.Relation;
import liquibase.structure.core.Schema;
import liquibase.structure.core.Table;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what vectorizers manage out of Liquibase's snapshots, and so out of {@code diff},
 * {@code diffChangelog} and {@code generateChangelog}: pgai's {@code ai} schema, each vectorizer's
 * store table, view, queue and failed queue, and the embedding column of an
 * {@code ai.destination_column} vectorizer. They belong to the {@code createVectorizer} that made
 * them; a diff that recreated them as plain tables would make a second, unmanaged copy. This is
 * the counterpart of pgai's Alembic exclusion of its managed tables.
 * <p>
 * It runs first for schemas and tables, lets the other generators find their objects, and then
 * removes the managed ones before Liquibase looks into them.
 */
public class VectorizerManagedObjectsSnapshotGenerator implements SnapshotGenerator {

	/** pgai's catalog schema, created and upgraded by its installer, never by a changelog. */
	static final String CATALOG_SCHEMA = "ai";

	private static final String MANAGED_RELATIONS_SQL = """
			select schema, relation from (
			    select config->'destination'->>'target_schema', config->'destination'->>'target_table' from ai.vectorizer
			    union all select config->'destination'->>'view_schema', config->'destination'->>'view_name' from ai.vectorizer
			    union all select queue_schema, queue_table from ai.vectorizer
			    union all select queue_schema, queue_failed_table from ai.vectorizer
			) managed(schema, relation)
			where schema is not null and relation is not null""";

	private static final String MANAGED_COLUMNS_SQL = """
			select source_schema, source_table, config->'destination'->>'embedding_column' from ai.vectorizer
			where config->'destination'->>'implementation' = 'column'""";

	private static final Log logger = LogFactory.getLog(VectorizerManagedObjectsSnapshotGenerator.class);

	/** One lookup per snapshot, which asks for every table of a schema. */
	private final Map<DatabaseSnapshot, ManagedObjects> managed = Collections.synchronizedMap(new WeakHashMap<>());

	@Override
	public int getPriority(Class<? extends DatabaseObject> objectType, Database database) {
		if (database instanceof PostgresDatabase
				&& (Schema.class.isAssignableFrom(objectType) || Table.class.isAssignableFrom(objectType))) {
			// ahead of every generator, so that the others have added their objects when this one prunes
			return PRIORITY_ADDITIONAL + PRIORITY_ADDITIONAL;
		}
		return PRIORITY_NONE;
	}

	@Override
	public <T extends DatabaseObject> @Nullable T snapshot(T example, DatabaseSnapshot snapshot,
			SnapshotGeneratorChain chain) throws DatabaseException, InvalidExampleException {
		T found = chain.snapshot(example, snapshot);
		if (found instanceof Schema schema) {
			prune(schema, managed(snapshot));
		}
		else if (found instanceof Table table) {
			prune(table, managed(snapshot));
		}
		return found;
	}

	@Override
	public Class<? extends DatabaseObject> @Nullable [] addsTo() {
		return null;
	}

	@Override
	public Class<? extends SnapshotGenerator> @Nullable [] replaces() {
		return null;
	}

	private ManagedObjects managed(DatabaseSnapshot snapshot) {
		ManagedObjects objects = this.managed.get(snapshot);
		if (objects == null) {
			objects = ManagedObjects.of(snapshot.getDatabase().getConnection());
			this.managed.put(snapshot, objects);
		}
		return objects;
	}

	@SuppressWarnings("unchecked")
	private static void prune(Schema schema, ManagedObjects managed) {
		Map<Class<?>, Set<DatabaseObject>> objects = schema.getAttribute("objects", Map.class);
		if (objects == null) {
			return;
		}
		boolean catalog = CATALOG_SCHEMA.equals(schema.getName());
		for (Set<DatabaseObject> ofType : objects.values()) {
			ofType.removeIf((object) -> catalog
					|| (object instanceof Relation && managed.relation(schema.getName(), object.getName())));
		}
	}

	private static void prune(Table table, ManagedObjects managed) {
		Schema schema = table.getSchema();
		String schemaName = (schema != null) ? schema.getName() : null;
		Set<String> columns = managed.columns(schemaName, table.getName());
		if (columns.isEmpty()) {
			return;
		}
		table.getColumns().removeIf((column) -> columns.contains(column.getName()));
		List<Index> indexes = table.getIndexes();
		indexes.removeIf((index) -> index.getColumns().stream().map(Column::getName).anyMatch(columns::contains));
	}

	/** The relations and columns vectorizers manage, as the database's catalog lists them. */
	private record ManagedObjects(Set<List<String>> relations, Set<List<String>> columns) {

		static ManagedObjects of(DatabaseConnection connection) {
			if (!(connection instanceof JdbcConnection jdbc)) {
				// an offline database has no vectorizers to ask about
				return new ManagedObjects(Set.of(), Set.of());
			}
			try {
				return read(jdbc.getUnderlyingConnection());
			}
			catch (SQLException ex) {
				// Liquibase snapshots its own tables on every command: leaving out managed tables is a
				// convenience of diffs that must never stop an update, say of a role without access to ai
				logger.warn("pgai-spring could not read which tables vectorizers manage from ai.vectorizer, so "
						+ "Liquibase snapshots show them: " + ex.getMessage());
				return new ManagedObjects(Set.of(), Set.of());
			}
		}

		private static ManagedObjects read(Connection connection) throws SQLException {
			// a failed query must not abort the transaction the snapshot may be running in
			Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
			try (Statement statement = connection.createStatement()) {
				Set<List<String>> relations = new HashSet<>();
				Set<List<String>> columns = new HashSet<>();
				try (ResultSet exists = statement.executeQuery("select to_regclass('ai.vectorizer') is not null")) {
					exists.next();
					if (!exists.getBoolean(1)) {
						return new ManagedObjects(relations, columns);
					}
				}
				collect(statement, MANAGED_RELATIONS_SQL, relations);
				collect(statement, MANAGED_COLUMNS_SQL, columns);
				return new ManagedObjects(relations, columns);
			}
			catch (SQLException ex) {
				if (savepoint != null) {
					connection.rollback(savepoint);
				}
				throw ex;
			}
			finally {
				if (savepoint != null) {
					releaseQuietly(connection, savepoint);
				}
			}
		}

		private static void collect(Statement statement, String sql, Collection<List<String>> into)
				throws SQLException {
			try (ResultSet rs = statement.executeQuery(sql)) {
				int width = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					String[] row = new String[width];
					for (int i = 0; i < width; i++) {
						row[i] = rs.getString(i + 1);
					}
					into.add(List.of(row));
				}
			}
		}

		private static void releaseQuietly(Connection connection, Savepoint savepoint) {
			try {
				connection.releaseSavepoint(savepoint);
			}
			catch (SQLException ex) {
				// the transaction ended with the failure; its savepoints went with it
			}
		}

		boolean relation(@Nullable String schema, @Nullable String name) {
			return schema != null && name != null && this.relations.contains(List.of(schema, name));
		}

		Set<String> columns(@Nullable String schema, @Nullable String table) {
			Set<String> names = new HashSet<>();
			for (List<String> column : this.columns) {
				if (column.get(0).equals(schema) && column.get(1).equals(table)) {
					names.add(column.get(2));
				}
			}
			return names;
		}

	}

}
