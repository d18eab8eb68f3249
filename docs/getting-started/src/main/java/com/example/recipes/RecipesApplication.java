package com.example.recipes;

import java.time.Duration;

import io.pgai.spring.EmbeddingRepository;
import io.pgai.spring.NearestParent;
import io.pgai.spring.vectorizer.worker.VectorizerWorker;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class RecipesApplication {

    public static void main(String[] args) {
        SpringApplication.run(RecipesApplication.class, args);
    }

    @Bean
    ApplicationRunner search(EmbeddingRepository<Recipe> recipes, VectorizerWorker worker) {
        return (args) -> {
            String query = args.getNonOptionArgs().isEmpty() ? "something Asian and quick"
                    : String.join(" ", args.getNonOptionArgs());
            // The worker embeds in the background; wait until every recipe is in the store.
            worker.awaitCaughtUp(Duration.ofMinutes(1));
            for (NearestParent<Recipe> hit : recipes.findNearestParents(query, 3)) {
                System.out.printf("%.2f  %s%n", hit.score().getValue(), hit.parent().getTitle());
            }
        };
    }

}
