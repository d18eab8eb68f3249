package io.pgai.spring.relationship;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

import org.hibernate.boot.archive.scan.spi.ClassDescriptor;
import org.hibernate.boot.archive.scan.spi.MappingFileDescriptor;
import org.hibernate.boot.archive.scan.spi.PackageDescriptor;
import org.hibernate.boot.archive.scan.spi.ScanEnvironment;
import org.hibernate.boot.archive.scan.spi.ScanOptions;
import org.hibernate.boot.archive.scan.spi.ScanParameters;
import org.hibernate.boot.archive.scan.spi.ScanResult;
import org.hibernate.boot.archive.scan.spi.Scanner;
import org.hibernate.boot.archive.spi.InputStreamAccess;
import org.jspecify.annotations.Nullable;

/**
 * Hands the stores' {@code orm.xml} to Hibernate from memory, as one more mapping file the
 * persistence unit's scan found, next to what the scanner configured before finds.
 * <p>
 * A scan result is bound in the same pass as the annotated classes, which the override of the
 * application's entities needs; mappings contributed later would bind those entities twice. No
 * file is written, so nothing is left behind by restarts or test JVMs.
 */
public class EmbeddingStoreMappingScanner implements Scanner {

	/** The name the mapping has in Hibernate's messages. */
	public static final String MAPPING_NAME = "pgai-spring-embedding-stores.orm.xml";

	private final byte[] mapping;

	private final @Nullable Scanner configured;

	/**
	 * Creates a scanner.
	 * @param mapping the {@code orm.xml} document
	 * @param configured the scanner configured before, whose results are kept, or {@code null}
	 */
	public EmbeddingStoreMappingScanner(String mapping, @Nullable Scanner configured) {
		this.mapping = mapping.getBytes(StandardCharsets.UTF_8);
		this.configured = configured;
	}

	@Override
	public ScanResult scan(ScanEnvironment environment, ScanOptions options, ScanParameters parameters) {
		ScanResult found = (this.configured != null) ? this.configured.scan(environment, options, parameters) : null;
		Set<MappingFileDescriptor> mappingFiles = new LinkedHashSet<>();
		if (found != null) {
			mappingFiles.addAll(found.getLocatedMappingFiles());
		}
		mappingFiles.add(new InMemoryMappingFile());
		Set<PackageDescriptor> packages = (found != null) ? found.getLocatedPackages() : Set.of();
		Set<ClassDescriptor> classes = (found != null) ? found.getLocatedClasses() : Set.of();
		return new ScanResult() {

			@Override
			public Set<PackageDescriptor> getLocatedPackages() {
				return packages;
			}

			@Override
			public Set<ClassDescriptor> getLocatedClasses() {
				return classes;
			}

			@Override
			public Set<MappingFileDescriptor> getLocatedMappingFiles() {
				return mappingFiles;
			}

		};
	}

	private final class InMemoryMappingFile implements MappingFileDescriptor, InputStreamAccess {

		@Override
		public String getName() {
			return MAPPING_NAME;
		}

		@Override
		public InputStreamAccess getStreamAccess() {
			return this;
		}

		@Override
		public String getStreamName() {
			return MAPPING_NAME;
		}

		@Override
		public InputStream accessInputStream() {
			return new ByteArrayInputStream(EmbeddingStoreMappingScanner.this.mapping);
		}

	}

}
