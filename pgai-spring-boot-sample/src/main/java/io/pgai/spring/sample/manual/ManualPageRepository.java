package io.pgai.spring.sample.manual;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * The manual's pages, a plain Spring Data repository.
 */
public interface ManualPageRepository extends JpaRepository<ManualPage, Long> {

	/**
	 * The chapters in reading order, each with its part.
	 */
	@Query("select new io.pgai.spring.sample.manual.Chapter(p.part, p.chapter) from ManualPage p "
			+ "group by p.part, p.chapter order by min(p.id)")
	List<Chapter> findChapters();

	/**
	 * A page's chunks in order, from its embedding store: a JPQL query on the store entity, whose
	 * name is the parent entity's name plus the field's.
	 */
	@Query("select e.chunk from ManualPageContentEmbeddings e where e.parent.id = :pageId order by e.chunkSeq")
	List<String> findChunks(long pageId);

	/**
	 * Deletes a page if it is a reader's note, in one statement: a page deleted meanwhile is
	 * simply not there.
	 * @return how many were deleted, 0 or 1
	 */
	@Modifying
	@Query("delete from ManualPage p where p.id = :id and p.file is null")
	int deleteNote(long id);

}
