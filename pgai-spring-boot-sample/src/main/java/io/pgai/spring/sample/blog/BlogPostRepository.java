package io.pgai.spring.sample.blog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * The posts themselves, a plain Spring Data repository.
 */
public interface BlogPostRepository extends JpaRepository<BlogPost, Long> {

	@Query("select distinct p.category from BlogPost p order by p.category")
	List<String> findCategories();

	/**
	 * A post's chunks in order, from its embedding store: a JPQL query on the store entity, whose
	 * name is the parent entity's name plus the field's.
	 */
	@Query("select e.chunk from BlogPostContentEmbeddings e where e.parent.id = :postId order by e.chunkSeq")
	List<String> findChunks(long postId);

}
