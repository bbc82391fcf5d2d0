package io.emporium.platform.persistence;

import java.sql.Types;
import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.jdbc.BinaryJdbcType;

/**
 * PostgreSQL dialect that stores Axon's {@code @Lob byte[]} columns (event payloads and metadata,
 * snapshots, tokens, saga state, dead letters) as {@code bytea}.
 *
 * <p>Hibernate maps {@code @Lob} to PostgreSQL large objects ({@code oid}) by default. Large objects live
 * outside the table: deleting a row leaves its object behind, and they are easy to lose in a dump. Binding
 * BLOB as plain binary keeps every byte in the row it belongs to.
 */
public class ByteaPostgreSQLDialect extends PostgreSQLDialect {

    @Override
    protected String columnType(int sqlTypeCode) {
        return sqlTypeCode == SqlTypes.BLOB ? "bytea" : super.columnType(sqlTypeCode);
    }

    @Override
    protected String castType(int sqlTypeCode) {
        return sqlTypeCode == SqlTypes.BLOB ? "bytea" : super.castType(sqlTypeCode);
    }

    @Override
    public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.contributeTypes(typeContributions, serviceRegistry);
        typeContributions.getTypeConfiguration()
                         .getJdbcTypeRegistry()
                         .addDescriptor(Types.BLOB, BinaryJdbcType.INSTANCE);
    }
}
