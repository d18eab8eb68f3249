package com.example.recipes;

import java.util.List;

import io.pgai.spring.Embedding;
import io.pgai.spring.VectorizerRelationship;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "recipes")
public class Recipe {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String title;

    private String cuisine;

    private String instructions;

    // The chunks the vectorizer writes to recipes_embedding_store, 384 dimensions each.
    @VectorizerRelationship(dimensions = 384)
    private List<Embedding<Recipe>> instructionsEmbeddings;

    protected Recipe() {
    }

    public Long getId() {
        return this.id;
    }

    public String getTitle() {
        return this.title;
    }

    public String getCuisine() {
        return this.cuisine;
    }

    public String getInstructions() {
        return this.instructions;
    }

}
