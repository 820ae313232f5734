/**
 * The channel that reaches a person: an SNS topic that CloudWatch alarms and AWS Budgets publish to, encrypted
 * with a key of its own and refusing anything but TLS, with an email subscription for the operator's address.
 *
 * The key is a customer-managed one because CloudWatch cannot use SNS's AWS-managed key (alias/aws/sns): an alarm
 * on a topic encrypted with it never notifies anyone. It is not the msv data key: the services that publish here
 * need to use it, and they have no business with the key of the table and the exports.
 */
import { Annotations, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Subscription, SubscriptionProtocol, Topic, type TopicProps } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  /** Subscribed to the topic by email (AWS first sends a confirmation link). Without it, a synth warning. */
  readonly email?: string;
  /** Overrides of the topic's props; the key and SSL-only are the construct's own. */
  readonly topicProps?: Omit<TopicProps, 'masterKey' | 'enforceSSL'>;
}

/** The id of the synth warning for a topic nobody is subscribed to. */
export const NO_ALARM_EMAIL_WARNING = 'msv:no-alarm-email';

/** An encrypted, SSL-only SNS topic for alarms and budget alerts, with an optional email subscriber. */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  /** The email subscription, when an address is given. */
  readonly subscription?: Subscription;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);

    this.key = new Key(this, 'Key', {
      description: 'msv: encrypts the alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms and AWS Budgets publish as their service principals, and SNS encrypts with the key on their
    // behalf: the key policy must let them, as the CloudWatch and Budgets documentation say.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AlarmAndBudgetPublishers',
        principals: [
          new ServicePrincipal('cloudwatch.amazonaws.com'),
          new ServicePrincipal('budgets.amazonaws.com'),
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      displayName: 'msv alarms',
      ...props.topicProps,
      masterKey: this.key,
      enforceSSL: true,
    });
    // The subscriptions live on the topic; a re-created topic would drop every one, confirmed or added by hand.
    this.topic.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // Publishing is for this account's alarms and budgets only (the confused-deputy guard of both services).
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'Budgets',
        principals: [new ServicePrincipal('budgets.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:budgets::${account}:*` },
        },
      }),
    );

    if (props.email) {
      // Not retained: a changed address replaces the subscription, and the old address should stop hearing.
      this.subscription = new Subscription(this, 'Email', {
        topic: this.topic,
        protocol: SubscriptionProtocol.EMAIL,
        endpoint: props.email,
      });
    } else {
      Annotations.of(this).addWarningV2(
        NO_ALARM_EMAIL_WARNING,
        'No alarmEmail is set: the alarms and the budget notify a topic nobody is subscribed to. Deploy with ' +
          '-c alarmEmail=… (or MSV_ALARM_EMAIL), or subscribe someone to the AlarmTopicArn output by hand.',
      );
    }
  }
}
