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

}
