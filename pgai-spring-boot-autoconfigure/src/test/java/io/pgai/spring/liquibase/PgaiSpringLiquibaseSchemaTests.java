package io.pgai.spring.liquibase;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import io.pgai.spring.vectorizer.VectorizerConfigFunction;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The XML schema of the change types lists, for each configuration element, exactly the
 * parameters of pgai's functions for it (in camel case) and pgai-spring's additions, so that an
 * IDE completes what the change accepts and the XML parser refuses what it does not.
 */
class PgaiSpringLiquibaseSchemaTests {

	@Test
	void eachConfigurationElementHasTheAttributesOfItsFunctions() throws Exception {
		Document schema;
		try (InputStream xsd = getClass().getResourceAsStream(
				"/pgai.io/xml/ns/spring-liquibase/pgai-spring-liquibase-1.0.xsd")) {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			schema = factory.newDocumentBuilder().parse(xsd);
		}
		NodeList elements = schema.getElementsByTagNameNS("http://www.w3.org/2001/XMLSchema", "element");
		List<String> arguments = new ArrayList<>();
		for (int i = 0; i < elements.getLength(); i++) {
			Element element = (Element) elements.item(i);
			String argument = element.getAttribute("name");
			if (argument.equals("createVectorizer") || argument.equals("dropVectorizer")) {
				continue;
			}
			arguments.add(argument);
			Set<String> expected = new LinkedHashSet<>(List.of("implementation"));
			for (VectorizerConfigFunction function : VectorizerConfigFunction.values()) {
				if (function.argument().equals(argument)) {
					function.parameters().forEach((p) -> expected.add(VectorizerConfigElement.camelCase(p.name())));
				}
			}
			if (argument.equals("indexing")) {
				expected.addAll(List.of("quantization", "textSearch"));
			}
			Set<String> declared = new LinkedHashSet<>();
			NodeList attributes = element.getElementsByTagNameNS("http://www.w3.org/2001/XMLSchema", "attribute");
			for (int j = 0; j < attributes.getLength(); j++) {
				declared.add(((Element) attributes.item(j)).getAttribute("name"));
			}
			assertThat(declared).as(argument).isEqualTo(expected);
			assertThat(element.getTextContent()).as(argument)
				.contains("implementation: " + String.join(", ", VectorizerConfigFunction.implementations(argument)));
		}
		assertThat(arguments).containsExactly("destination", "loading", "parsing", "embedding", "chunking", "indexing",
				"formatting", "scheduling", "processing");
	}

}
