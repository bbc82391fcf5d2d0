package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The drift check itself can fail: it names a removed, an added and a changed part of a description. */
class ApiSpecDriftTest {

    private static final String COMMITTED = """
            {"paths": {"/api/orders": {"post": {"summary": "place"}}, "/api/products": {"get": {}}}}""";

    @Test
    void identicalDescriptionsInAnyKeyOrderHaveNoDifference() throws Exception {
        String reordered = """
                {"paths": {"/api/products": {"get": {}}, "/api/orders": {"post": {"summary": "place"}}}}""";
        assertThat(ApiSpecDrift.differences(COMMITTED, reordered, 10)).isEmpty();
        assertThat(ApiSpecDrift.canonical(reordered)).isEqualTo(ApiSpecDrift.canonical(COMMITTED));
    }

    @Test
    void aRemovedAnAddedAndAChangedPartAreEachNamed() throws Exception {
        String drifted = """
                {"paths": {"/api/orders": {"post": {"summary": "order"}}, "/api/refunds": {"post": {}}}}""";
        assertThat(ApiSpecDrift.differences(COMMITTED, drifted, 10)).containsExactly(
                "$.paths./api/orders.post.summary: committed \"place\", running \"order\"",
                "$.paths./api/products: in the committed file, gone from the running API",
                "$.paths./api/refunds: new in the running API, not in the committed file");
    }
}
