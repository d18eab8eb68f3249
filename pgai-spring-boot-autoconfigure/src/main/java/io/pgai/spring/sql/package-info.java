/**
 * Names and values written into SQL text: checked and quoted in one place, on PgJDBC's own
 * escaping.
 */
@NullMarked
package io.pgai.spring.sql;

import org.jspecify.annotations.NullMarked;
