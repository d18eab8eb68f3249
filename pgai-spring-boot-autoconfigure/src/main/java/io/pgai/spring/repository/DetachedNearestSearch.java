package io.pgai.spring.repository;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.pgvector.PGvector;
import io.pgai.spring.relationship.BinaryVectorJdbcType;
import io.pgai.spring.relationship.EmbeddingStoreClassGenerator;
import io.pgai.spring.relationship.EmbeddingStoreDefinition;
import io.pgai.spring.relationship.ParentKey;
import io.pgai.spring.relationship.StoredEmbedding;
import org.hibernate.StatelessSession;
import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.proxy.HibernateProxy;
import org.jspecify.annotations.Nullable;

/**
 * The unfiltered nearest-neighbour search of a {@link DetachedReads detached read}, materialized
 * without Hibernate's generic row loader: the results leave detached anyway, so the store
 * entities are filled straight from the result set and each lazy parent is the uninitialized
 * proxy Hibernate's persister makes, as a loaded entity would hold. The statement still goes
 * through the session's JDBC coordinator, so it is logged and counted like any other. Only
 * stores whose parent has a single-column integer or UUID key and can be proxied take this
 * path; the others are read through HQL.
 */
final class DetachedNearestSearch {

	/** The key types the integration tests read both ways; others take the HQL path. */
	private static final Set<Class<?>> KEY_TYPES = Set.of(Long.class, long.class, Integer.class, int.class,
			UUID.class);

	/** The selected columns, the exact distance last: {@code select ..., embedding <=> ?}. */
	private final String select;

	private final String table;

	private final String idColumn;

	private final String embeddingColumn;

	private final Class<?> keyType;

	private final EntityPersister parentPersister;

	private final MethodHandle constructor;

	private final VarHandle embeddingUuid;

	private final VarHandle chunkSeq;

	private final VarHandle chunk;

	private final VarHandle embedding;

	private final VarHandle parent;

	private final VarHandle parentId;

	private DetachedNearestSearch(String select, String table, String idColumn, String embeddingColumn, Class<?> keyType, EntityPersister parentPersister, Class<?> storeClass,
			Class<?> parentType) throws ReflectiveOperationException {
		this.select = select;
		this.table = table;
		this.idColumn = idColumn;
		this.embeddingColumn = embeddingColumn;
		this.keyType = MethodType.methodType(keyType).wrap().returnType();
		this.parentPersister = parentPersister;
		MethodHandles.Lookup base = MethodHandles.privateLookupIn(StoredEmbedding.class, MethodHandles.lookup());
		MethodHandles.Lookup generated = MethodHandles.privateLookupIn(storeClass, MethodHandles.lookup());
		this.constructor = generated.findConstructor(storeClass, MethodType.methodType(void.class));
		this.embeddingUuid = base.findVarHandle(StoredEmbedding.class, "embeddingUuid", UUID.class);
		this.chunkSeq = base.findVarHandle(StoredEmbedding.class, "chunkSeq", int.class);
		this.chunk = base.findVarHandle(StoredEmbedding.class, "chunk", String.class);
		this.embedding = base.findVarHandle(StoredEmbedding.class, "embedding", float[].class);
		this.parent = generated.findVarHandle(storeClass, EmbeddingStoreClassGenerator.PARENT_FIELD, parentType);
		this.parentId = generated.findVarHandle(storeClass, EmbeddingStoreClassGenerator.PARENT_ID_FIELD, keyType);
	}

	/**
	 * The search of a store, or {@code null} when the store must be read through HQL.
	 * @param store the relationship
	 * @param storeClass its generated store entity
	 * @param sessionFactory the session factory that maps it
	 * @param distance the distance function of its searches
	 * @return the search, or {@code null}
	 */
	static @Nullable DetachedNearestSearch of(EmbeddingStoreDefinition store, Class<?> storeClass,
			SessionFactoryImplementor sessionFactory, DistanceFunction distance) {
		ParentKey key = store.parentKey();
		// Only lazy parents reach here (DetachedReads). With lazy loading outside transactions
		// switched on, Hibernate's own proxies may still load.
		if (key.composite() || key.columns().size() != 1
				|| !KEY_TYPES.contains(key.type())
				|| sessionFactory.getSessionFactoryOptions().isInitializeLazyStateOutsideTransactionsEnabled()) {
			return null;
		}
		EntityPersister parentPersister = sessionFactory.getMappingMetamodel().getEntityDescriptor(store.parentType());
		if (!parentPersister.hasProxy()) {
			return null;
		}
		// The names Hibernate writes for the store, after the naming strategy.
		AbstractEntityPersister storePersister = (AbstractEntityPersister) sessionFactory.getMappingMetamodel()
			.getEntityDescriptor(storeClass);
		String id = storePersister.getIdentifierColumnNames()[0];
		String embedding = column(storePersister, "embedding");
		String select = "select " + id + ", " + column(storePersister, "chunkSeq") + ", "
				+ column(storePersister, "chunk") + ", " + embedding + ", "
				+ column(storePersister, EmbeddingStoreClassGenerator.PARENT_ID_FIELD) + ", " + embedding + " "
				+ distance.operator() + " ?";
		try {
			return new DetachedNearestSearch(select, storePersister.getTableName(), id, embedding, key.type(),
					parentPersister, storeClass, store.parentType());
		}
		catch (ReflectiveOperationException ex) {
			// A store class this code does not recognise: Hibernate's own loader still reads it.
			return null;
		}
	}

	private static String column(AbstractEntityPersister persister, String attribute) {
		return persister.getPropertyColumnNames(attribute)[0];
	}

	/**
	 * Runs the search in a stateless session.
	 * @param session the session, closed by the caller
	 * @param vector the query vector
	 * @param limit how many results
	 * @param offset how many results to skip
	 * @param index the store's index as the search uses it
	 * @param settings the search's HNSW settings as an SQL condition, if any
	 * @return each result as its store entity and its distance, the rows of the HQL search, nearest first
	 */
	List<Object[]> search(StatelessSession session, float[] vector, int limit, int offset, SearchIndex index,
			@Nullable String settings) {
		String sql = sql(index, settings);
		SharedSessionContractImplementor sessionImplementor = (SharedSessionContractImplementor) session;
		JdbcCoordinator jdbc = sessionImplementor.getJdbcCoordinator();
		PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement(sql);
		try {
			PGvector query = new PGvector(vector);
			int parameter = 1;
			statement.setObject(parameter++, query);
			if (index.reranks()) {
				statement.setObject(parameter++, query);
				statement.setInt(parameter++, index.candidates(offset + limit));
			}
			else if (index.ordersByIndexExpression()) {
				statement.setObject(parameter++, query);
			}
			statement.setInt(parameter++, limit);
			statement.setInt(parameter, offset);
			List<Object[]> rows = new ArrayList<>(limit);
			ResultSet rs = jdbc.getResultSetReturn().extract(statement, sql);
			while (rs.next()) {
				Object id = rs.getObject(5, this.keyType);
				HibernateProxy parentProxy = (HibernateProxy) this.parentPersister.createProxy(id, sessionImplementor);
				// Detached like the results of a closed session: touching one fails as it would there.
				parentProxy.getHibernateLazyInitializer().unsetSession();
				rows.add(new Object[] { entity(rs, id, parentProxy), rs.getDouble(6) });
			}
			return rows;
		}
		catch (SQLException ex) {
			throw sessionImplementor.getJdbcServices()
				.getSqlExceptionHelper()
				.convert(ex, "could not find the nearest embeddings", sql);
		}
		finally {
			jdbc.getLogicalConnection().getResourceRegistry().release(statement);
			jdbc.afterStatementExecution();
		}
	}

	/**
	 * The statement for an index: the HQL search's, in SQL. Its parameters are the query vector,
	 * then the vector and candidates of a re-rank or the vector of a halfvec ordering, then limit
	 * and offset.
	 */
	private String sql(SearchIndex index, @Nullable String settings) {
		List<String> where = new ArrayList<>(2);
		if (settings != null) {
			where.add(settings);
		}
		if (index.reranks()) {
			where.add(this.idColumn + " in (select " + this.idColumn + " from " + this.table + " order by "
					+ index.indexSql(this.embeddingColumn) + " limit ?)");
		}
		String order = index.ordersByIndexExpression() ? index.indexSql(this.embeddingColumn) : "6";
		return this.select + " from " + this.table + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
				+ " order by " + order + " limit ? offset ?";
	}

	private Object entity(ResultSet rs, Object id, Object parentProxy) throws SQLException {
		Object entity;
		try {
			entity = this.constructor.invoke();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Could not instantiate " + this.constructor.type().returnType(), ex);
		}
		this.embeddingUuid.set(entity, rs.getObject(1, UUID.class));
		this.chunkSeq.set(entity, rs.getInt(2));
		this.chunk.set(entity, rs.getString(3));
		this.embedding.set(entity, BinaryVectorJdbcType.read(rs, 4));
		this.parentId.set(entity, id);
		this.parent.set(entity, parentProxy);
		return entity;
	}

}
