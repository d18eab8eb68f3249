package io.pgai.spring.sample.manual;

/**
 * A chapter of the manual (an appendix, or a reference section such as "SQL Commands").
 *
 * @param part the part it belongs to, empty for the preface
 * @param title its title, e.g. "Chapter 5. Data Definition"
 */
public record Chapter(String part, String title) {
}
