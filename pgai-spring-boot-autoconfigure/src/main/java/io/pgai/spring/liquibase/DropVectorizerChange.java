package io.pgai.spring.liquibase;

import io.pgai.spring.vectorizer.DropVectorizer;
import liquibase.change.AbstractChange;
import liquibase.change.ChangeMetaData;
import liquibase.change.ChangeParameterMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.ValidationErrors;
import liquibase.exception.Warnings;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.ParsedNodeException;
import liquibase.resource.ResourceAccessor;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;
import org.jspecify.annotations.Nullable;

/**
 * The {@code dropVectorizer} change type: pgai's {@code ai.drop_vectorizer(name, drop_all)}, and
 * the automatic rollback of {@code createVectorizer}.
 */
@DatabaseChange(name = "dropVectorizer", priority = ChangeMetaData.PRIORITY_DEFAULT,
		description = "Drops a pgai vectorizer with ai.drop_vectorizer: its queue, trigger and catalog row, and "
				+ "with dropAll its store table and view")
public class DropVectorizerChange extends AbstractChange {

	private static final String POSTGRESQL = "postgresql";

	private @Nullable String name;

	private @Nullable Boolean dropAll;

	/** The call of a rollback, whose name the database may complete. */
	private @Nullable DropVectorizer drop;

	private @Nullable String loadProblem;

	@DatabaseChangeProperty(description = "The vectorizer's name", requiredForDatabase = ChangeParameterMetaData.ALL,
			supportsDatabase = POSTGRESQL)
	public @Nullable String getName() {
		return this.name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	@DatabaseChangeProperty(description = "Whether the store table and view are dropped too; false by default, "
			+ "as in pgai", requiredForDatabase = ChangeParameterMetaData.NONE, supportsDatabase = POSTGRESQL)
	public @Nullable Boolean getDropAll() {
		return this.dropAll;
	}

	public void setDropAll(@Nullable Boolean dropAll) {
		this.dropAll = dropAll;
	}

	/** Sets the call of the rollback of a {@code createVectorizer}. */
	void drop(DropVectorizer drop) {
		this.drop = drop;
	}

	@Override
	protected void customLoadLogic(ParsedNode parsedNode, ResourceAccessor resourceAccessor)
			throws ParsedNodeException {
		this.loadProblem = CreateVectorizerChange.checkBoolean(parsedNode, "dropAll").orElse(null);
	}

	@Override
	public boolean supports(Database database) {
		return database instanceof PostgresDatabase;
	}

	@Override
	public ValidationErrors validate(Database database) {
		if (this.drop != null) {
			return new ValidationErrors(this);
		}
		ValidationErrors errors = super.validate(database);
		if (this.loadProblem != null) {
			errors.addError(this.loadProblem);
		}
		return errors;
	}

	@Override
	public Warnings warn(Database database) {
		// Liquibase asks for warnings before it validates; without a name there is no statement
		return (this.drop == null && this.name == null) ? new Warnings() : super.warn(database);
	}

	@Override
	public boolean generateStatementsVolatile(Database database) {
		return false;
	}

	@Override
	public SqlStatement[] generateStatements(Database database) {
		DropVectorizer call = this.drop;
		if (call == null) {
			if (this.name == null) {
				throw new IllegalStateException("dropVectorizer needs a name");
			}
			call = DropVectorizer.named(this.name);
			if (Boolean.TRUE.equals(this.dropAll)) {
				call.dropAll();
			}
		}
		return new SqlStatement[] { statement(call.toSql()) };
	}

	@Override
	public String getConfirmationMessage() {
		return "Vectorizer " + ((this.name != null) ? this.name + " " : "") + "dropped";
	}

	@Override
	public String getSerializedObjectNamespace() {
		return CreateVectorizerChange.NAMESPACE;
	}

	/** A statement of a builder's SQL, whose end Liquibase writes with its own delimiter. */
	static SqlStatement statement(String sql) {
		return new RawSqlStatement(sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql);
	}

}
