package io.gitbridge.embedded;

import org.apache.pekko.actor.AbstractActor;
import org.elasticmq.actor.queue.OperationSuccessful$;
import org.elasticmq.actor.queue.QueueEvent;

/**
 * ElasticMQ's queue event listener: writes each change to {@link DurableQueues} and only then acknowledges it,
 * which is when ElasticMQ answers the SQS request. The state lives in {@link DurableQueues}, outside the actor,
 * so that a restart of the actor after a failed write loses nothing.
 */
final class DurableQueueStore extends AbstractActor {

    private final DurableQueues store;

    DurableQueueStore(DurableQueues store) {
        this.store = store;
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(QueueEvent.QueueCreated.class, e -> store.saveQueue(e.queue()))
                .match(QueueEvent.QueueMetadataUpdated.class, e -> store.saveQueue(e.queue()))
                .match(QueueEvent.QueueDeleted.class, e -> store.deleteQueue(e.queueName()))
                .match(QueueEvent.MessageAdded.class, e -> {
                    store.addMessage(e.queueName(), e.message());
                    acknowledge();
                })
                .match(QueueEvent.MessageUpdated.class, e -> {
                    store.updateMessage(e.queueName(), e.message());
                    acknowledge();
                })
                .match(QueueEvent.MessageRemoved.class, e -> {
                    store.removeMessage(e.queueName(), e.messageId());
                    acknowledge();
                })
                .build();
    }

    private void acknowledge() {
        getSender().tell(OperationSuccessful$.MODULE$, getSelf());
    }
}
